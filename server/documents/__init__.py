"""PDF documents the applicant downloads: the integrity commitment letter, later the review sheet.

Plain functions returning PDF bytes; the app passes the font path from its `PDF_FONT_PATH` config.
"""
