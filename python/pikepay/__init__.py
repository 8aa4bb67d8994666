"""pikepay: the Pike payments API for Python."""

from pikepay._native import sign

__all__ = ["sign"]
