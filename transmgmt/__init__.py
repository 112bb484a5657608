"""transmgmt: Chinese originals and their English reference translations."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("transmgmt")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
