"""Edits of a Markdown element tree (xml.etree) that keep the text around what they change.

ElementTree keeps the text after an element in that element's `tail`: replacing or removing
one must move its tail, or the words after a picture or link are lost.
"""


def replace_block(parent, old, new):
    """`new` in the place of `old`, keeping the text after it; None removes `old`."""
    if new is None:
        parent.remove(old)
        return
    new.tail = old.tail
    parent[list(parent).index(old)] = new


def replace_inline(parent, old, new):
    """`new` in the place of `old` inside text: the text after `old` follows `new`."""
    new.tail, old.tail = old.tail, None
    parent[list(parent).index(old)] = new


def replace_with_text(parent, element, text):
    """`element` gone, `text` standing where it was."""
    text = (text or "") + (element.tail or "")
    index = list(parent).index(element)
    if index:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(element)


def unwrap(parent, element):
    """`element` gone, its text and children kept in its place."""
    index = list(parent).index(element)
    children = list(element)
    head = element.text or ""
    if index:
        parent[index - 1].tail = (parent[index - 1].tail or "") + head
    else:
        parent.text = (parent.text or "") + head
    parent.remove(element)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    tail = element.tail or ""
    if children:
        children[-1].tail = (children[-1].tail or "") + tail
    elif index:
        parent[index - 1].tail = (parent[index - 1].tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
