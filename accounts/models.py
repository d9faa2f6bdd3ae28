from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person who can log in; authors of posts are users."""

    display_name = models.CharField(
        max_length=150,
        blank=True,
        help_text="The name readers see under your posts. Defaults to your full name or username.",
    )
    bio = models.TextField(blank=True, help_text="A few sentences about you, shown to readers.")

    def __str__(self):
        return self.public_name

    @property
    def public_name(self):
        return self.display_name or self.get_full_name() or self.username
