"""Schema file, generated clients and their generators."""
