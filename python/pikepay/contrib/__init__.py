"""Small helpers for web frameworks: ``pikepay.contrib.django`` and ``pikepay.contrib.fastapi``.

Each is imported only when used, so pikepay itself needs neither framework.
"""
