"""District view: rank many wards from their scored workbooks or from a published table."""
