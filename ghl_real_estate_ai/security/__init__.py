"""Data protection: what may leave the process, and in what form."""
