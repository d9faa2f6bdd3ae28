"""Stored files: listing them, and removing those nobody refers to any more.

Files go after the database change that orphaned them commits (a rolled-back delete keeps
them); `manage.py cleanup_media` finds whatever was left behind anyway (a crash between
the two, files copied in by hand).
"""

import os
import posixpath


def delete_files(storage, names):
    """Delete the files, then the folders they leave empty (as far as the storage has folders)."""
    folders = set()
    for name in names:
        storage.delete(name)
        folder = posixpath.dirname(name)
        while folder:
            folders.add(folder)
            folder = posixpath.dirname(folder)
    for folder in sorted(folders, key=len, reverse=True):
        remove_empty_folder(storage, folder)


def remove_empty_folder(storage, folder):
    try:
        path = storage.path(folder)
    except NotImplementedError:
        return  # object stores have no folders to leave behind
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    if not directories and not files:
        os.rmdir(path)


def stored_files(storage, folder=""):
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield posixpath.join(folder, name)
    for directory in directories:
        yield from stored_files(storage, posixpath.join(folder, directory))


def files_in(storage, folder):
    """The names of the files directly in `folder` (none if it does not exist)."""
    try:
        return storage.listdir(folder)[1]
    except FileNotFoundError:
        return []
