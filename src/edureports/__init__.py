"""edureports: Chinese county education bureau reports as a comparable relational database."""

__version__ = "0.1.0"
