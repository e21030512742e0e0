"""winplan: plan, score and publish large B2B deals."""

__version__ = "0.1.0"
