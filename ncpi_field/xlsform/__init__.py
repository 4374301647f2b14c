"""The forms engine: XLSForm workbooks read into typed specs, evaluated with ODK semantics."""
