"""From cell grids to the score sheet and settings parxl works with."""
