"""Small helpers for arcade.gui widgets."""

from __future__ import annotations

from collections.abc import Callable

from arcade.gui import UIFlatButton, UILabel


def on_click(button: UIFlatButton, action: Callable[[], None]) -> UIFlatButton:
    """Run ``action`` when ``button`` is clicked (arcade's event-handler registration)."""
    button.event("on_click")(lambda _event: action())
    return button


def set_text(widget: UILabel | UIFlatButton, text: str) -> None:
    """Change a widget's text only when it differs (each change re-lays the text out)."""
    if widget.text != text:
        widget.text = text
