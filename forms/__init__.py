"""The four NCPI instruments as XLSForm workbooks, with their readable sources and generator."""
