"""Reports built from the vault's records: the written debrief, the workbook, their figures."""
