"""The Chinese of each notebook's texts (its exercise checks and figures), one module per notebook."""
