"""A static HTML view of an archive (see :mod:`transmgmt.view.site`).

Example:
    >>> from transmgmt.view import page_name
    >>> page_name("art-1")
    'art-1.html'
"""

from transmgmt.view.site import STATIC_FILES, article_html, build_site, index_html, page_name

__all__ = ["STATIC_FILES", "article_html", "build_site", "index_html", "page_name"]
