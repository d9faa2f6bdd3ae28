"""The users and tags an import attaches posts to, found or created once per run."""

import re

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from blog.models import Tag

USERNAME_RE = re.compile(r"[\w.@+-]{1,150}")


class AuthorsAndTags:
    """Users and tags by name, loaded at first use. `forget()` after a rollback that may
    have undone some it created."""

    def __init__(self):
        self.forget()

    def forget(self):
        self._authors = self._tags = None

    @property
    def authors(self):
        """Users by user name, and by display name (case-insensitive) where that is free."""
        if self._authors is None:
            users = get_user_model().objects.all()
            self._authors = {f"name:{u.display_name.casefold()}": u for u in users}
            self._authors.update({user.username: user for user in users})
        return self._authors

    @property
    def tags(self):
        if self._tags is None:
            self._tags = {tag.name.casefold(): tag for tag in Tag.objects.all()}
        return self._tags

    @staticmethod
    def username(author):
        """The user name as given when Django accepts it ("ada.l"), else a slug of it
        (Pelican gives display names: "Ada Lovelace" becomes "ada-lovelace")."""
        if USERNAME_RE.fullmatch(author.username):
            return author.username
        return slugify(author.username)[:150] or "imported"

    def author_for(self, author, create=True):
        """The user for an `AuthorSource`; with `create=False` an unsaved one if none exists."""
        username = self.username(author)
        user = self.authors.get(username) or self.authors.get(
            f"name:{author.display_name.casefold()}" if author.display_name else None
        )
        if user is None:
            user = get_user_model()(
                username=username, display_name=author.display_name, email=author.email
            )
            if not create:
                return user
            user.set_unusable_password()
            user.save()
            self.authors[username] = user
        return user

    def tag_for(self, name):
        tag = self.tags.get(name.casefold())
        if tag is None:
            tag = Tag.objects.create(name=name)
            self.tags[name.casefold()] = tag
        return tag
