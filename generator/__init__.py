"""kort: print-ready conversation cards and handouts from editable YAML content."""

__version__ = "0.1.0"
