"""Everything that touches .xlsx files: schema, guards, reading, template, sample, writing."""
