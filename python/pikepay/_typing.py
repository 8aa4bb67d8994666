"""What only type checkers need, kept out of ``import pikepay``: ``typing`` and
``collections.abc`` were half of its import time."""

#: True for type checkers only (they read a ``TYPE_CHECKING`` constant as true): the
#: imports, aliases and ``TypeVar``s under ``if TYPE_CHECKING:`` cost nothing at run time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import cast as cast
else:

    def cast(_type: object, value: object) -> object:
        """``typing.cast`` for the generated results, without importing ``typing``."""
        return value
