"""Fill in an HTML form the way a browser would: what the page shows is what gets sent."""

from html.parser import HTMLParser


class _FormValues(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.values = {}
        self.textarea = self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "file", "button"}:
            if attrs.get("type") in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.values[name] = attrs.get("value", "on")
            else:
                self.values[name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.values[name] = ""
        elif tag == "select" and name:
            self.select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.values[self.select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            # Browsers drop the newline that follows <textarea>.
            text = self.values[self.textarea] + data
            self.values[self.textarea] = text.removeprefix("\n")


def form_values(html, form_id):
    """The values a browser would submit for the form with this id, before any edit."""
    parser = _FormValues(form_id)
    parser.feed(html)
    return parser.values


def submit_admin_form(client, url, button=None, form_id="post_form", **changes):
    """Load an admin add/change page, change some fields (None unticks or clears one),
    then press Save, or the submit button named `button`."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    data = {**form_values(page.text, form_id), **changes}
    data = {name: value for name, value in data.items() if value is not None}
    if button:
        data[button] = "1"
    return client.post(url, data)
