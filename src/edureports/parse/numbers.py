"""Numbers as written in Chinese prose: numerals, units, multipliers, qualifiers, placeholders."""
