"""The forms of a rendered page as a browser would send them, so that tests post what the page posts
instead of a hand-written payload that may hide a missing or misformatted field."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

ISO_DATE = re.compile(r"\d{4,}-\d{2}-\d{2}")


@dataclass
class HtmlForm:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # in document order, as a browser sends them
    buttons: list[str] = field(default_factory=list)  # the text of its submit buttons

    def data(self, **changes) -> dict[str, str]:
        """The submission as a dict (later fields of one name win), with ``changes`` applied."""
        return {**dict(self.fields), **changes}

    def value(self, name: str) -> str | None:
        return dict(self.fields).get(name)


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        self._textarea: tuple[str, list[str]] | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._option: list[str] | None = None
        self._option_attrs: dict | None = None
        self._button: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._form = HtmlForm(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag == "input" and a.get("name") and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "reset", "image", "file"):
                value = a.get("value", "on" if kind in ("checkbox", "radio") else "")
                if kind == "date" and not ISO_DATE.fullmatch(value):
                    value = ""  # the browser's value sanitisation: a date input holds only yyyy-mm-dd
                self._form.fields.append((a["name"], value))
        elif tag == "textarea" and a.get("name"):
            self._textarea = (a["name"], [])
        elif tag == "select" and a.get("name"):
            self._select, self._options = a["name"], []
        elif tag == "option" and self._select:
            self._option, self._option_attrs = [], a
        elif tag == "button" and a.get("type", "submit") == "submit":
            self._button = []

    def handle_data(self, data):
        open_texts = [self._textarea[1] if self._textarea else None, self._option, self._button]
        for text in open_texts:
            if text is not None:
                text.append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            name, text = self._textarea
            self._form.fields.append((name, "".join(text).removeprefix("\n")))
            self._textarea = None
        elif tag == "option" and self._option is not None:
            value = self._option_attrs.get("value", "".join(self._option).strip())
            self._options.append((value, "selected" in self._option_attrs))
            self._option = None
        elif tag == "select" and self._select:
            chosen = [v for v, selected in self._options if selected] or [v for v, _ in self._options[:1]]
            self._form.fields.extend((self._select, v) for v in chosen)
            self._select = None
        elif tag == "button" and self._button is not None:
            self._form.buttons.append(" ".join("".join(self._button).split()))
            self._button = None
        elif tag == "form":
            self._form = None


def forms_of(html: str) -> list[HtmlForm]:
    """Every form of ``html`` with the values a browser would submit for it unchanged."""
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def form_with_button(html: str, text: str) -> HtmlForm:
    """The one form whose submit button says ``text`` (contains it); fails when there is none or several."""
    found = [f for f in forms_of(html) if any(text in b for b in f.buttons)]
    assert len(found) == 1, f"{len(found)} forms with a button {text!r}"
    return found[0]
