"""The back-end roadmap course: back-ends, datasets, checks, widgets and the curriculum."""

__version__ = "0.1.0"
