"""Property matching: hard filters over a column index, then a soft fit with reasons."""
