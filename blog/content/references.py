"""What the Markdown pipeline knows of an attachment and its renditions: plain values, built
from the database rows by blog.models.Attachment.reference(), so this layer needs no models."""

from dataclasses import dataclass


@dataclass(frozen=True)
class RenditionRef:
    """One resized copy of a picture, as a page refers to it."""

    url: str
    width: int
    height: int
    content_type: str


@dataclass(frozen=True)
class AttachmentRef:
    """What the Markdown pipeline knows about one attachment; built from its database row."""

    url: str
    name: str = ""
    kind: str = ""  # "image", "video", "file"; empty for a bare URL
    caption: str = ""
    size: int | None = None
    width: int | None = None
    height: int | None = None
    content_type: str = ""
    renditions: tuple[RenditionRef, ...] = ()
    poster: "AttachmentRef | None" = None

    @property
    def fallback_type(self):
        """The format of the renditions given to browsers that do not take WebP."""
        types = [r.content_type for r in self.renditions if r.content_type != "image/webp"]
        return types[0] if types else "image/webp"

    def srcset(self, content_type):
        return ", ".join(
            f"{r.url} {r.width}w" for r in self.renditions if r.content_type == content_type
        )

    def rendition_url(self, width):
        """The smallest fallback rendition at least `width` wide, else the largest one."""
        candidates = sorted(
            (r for r in self.renditions if r.content_type == self.fallback_type),
            key=lambda r: r.width,
        )
        for rendition in candidates:
            if rendition.width >= width:
                return rendition.url
        return candidates[-1].url if candidates else self.url

    @property
    def full_url(self):
        """The whole picture: the largest rendition (no location data), else the file."""
        return self.rendition_url(10**9)
