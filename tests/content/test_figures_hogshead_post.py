"""Done when: an author reproduces the old "Hogshead" post through the admin alone (captioned
pictures, two galleries, a download) and readers get it with responsive pictures."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from blog.models import Post
from tests.support.forms import submit_admin_form
from tests.support.html import attributes

pytestmark = pytest.mark.django_db

BODY = """Our cask, over the years.

![Our hogshead in 2003](hogshead-2003.jpg "Hogshead 2003")

Springbank, 2007:

```gallery
![Springbank 1](springbank-2007-1.jpg)
![Springbank 2](springbank-2007-2.jpg)
![Springbank 3](springbank-2007-3.jpg)
![Springbank 4](springbank-2007-4.jpg)
![Springbank 5](springbank-2007-5.jpg)
![Springbank 6](springbank-2007-6.jpg "The last one")
```

Delivery, 2011:

```gallery
![Delivery 1](delivery-2011-1.jpg)
![Delivery 2](delivery-2011-2.jpg)
![Delivery 3](delivery-2011-3.jpg)
![Delivery 4](delivery-2011-4.jpg)
```

![The patch for the tap](tap.patch)
"""


def photo(width=1000, height=667):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (120, 80, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_author_builds_the_hogshead_post_in_the_admin_and_readers_get_it(staff_client, reader):
    names = [
        "hogshead-2003.jpg",
        *(f"springbank-2007-{n}.jpg" for n in range(1, 7)),
        *(f"delivery-2011-{n}.jpg" for n in range(1, 5)),
    ]
    files = [SimpleUploadedFile(name, photo()) for name in names]
    files.append(SimpleUploadedFile("tap.patch", b"--- a/tap\n+++ b/tap\n"))

    response = submit_admin_form(
        staff_client,
        "/admin/blog/post/add/",
        title="Hogshead",
        slug="hogshead",
        status="published",
        body=BODY,
        new_files=files,
    )
    assert response.status_code == 302
    post = Post.objects.get(slug="hogshead")
    assert post.attachments.count() == 12

    html = reader.get(post.get_absolute_url()).text

    assert "<figcaption>Hogshead 2003</figcaption>" in html
    assert html.count('<ul class="gallery">') == 2
    assert html.count('class="gallery-link"') == 10
    assert "<figcaption>The last one</figcaption>" in html
    assert 'download="tap.patch"' in html
    images = attributes(html, "img")
    assert len(images) == 11
    assert all("srcset" in img and img["width"] == "1000" for img in images)
    assert sum("loading" not in img for img in images) == 1
    webp = [s for s in attributes(html, "source") if s["type"] == "image/webp"]
    assert len(webp) == 11
    assert all("960w" in s["srcset"] and "1000w" in s["srcset"] for s in webp)
