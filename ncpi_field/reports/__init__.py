"""Reports built from the vault's records: the written debrief and the return-to-force note.

Nothing here imports Qt: the PDF is painted in ui/ from the HTML these modules produce.
"""
