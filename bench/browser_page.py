"""What the browser benchmark looks for on the app's pages, kept in one place to adapt when a page is redesigned.

Things are found by text in the page's language (from i18n, never spelled here) and by the
stable keys Streamlit turns into CSS classes (`st.container(key="x")` -> `.st-key-x`). What each
page must keep for these to work:
- morning: its title as the page's h1, the consultant cards (`.mt-cards`) and the container
  `meet_m_tail_inputs` drawn last;
- due: each customer's card as `.due-card[data-customer=ID]` holding `[data-kind=KIND]` per open
  item. Logging works on either design of the page: per-card actions (the card's container
  `card_ID` with the popover `card_ID_rp` holding the save button `card_ID_rf_save`, and the
  card's new state in `card_ID_done`), or the bottom form of before (the selectboxes
  `due_customer` and `due_item`, the submit `due_log_submit`, the confirmation
  "ui.write.written" in a toast); the second can go once the first is merged;
- deliveries: the pick `deliv_pick`, each checklist item a checkbox whose label holds the item's
  text and, once ticked, "deliv.ticked" with who ticked it;
- the sidebar: the acting-as choice `ui_actor`;
- the reference page (`bench/bare_page.py`): its block `.bare-page` and its text area `bare_note`.
"""

from __future__ import annotations

import i18n
from tests.support.browser.helpers import select_option

LANG = "zh"  # the samples' language, and the language a new session starts in on them

_FRESH = "const fresh = (el) => el !== null && el.closest('[data-stale=\"true\"]') === null;"

_MORNING_DRAWN = (
    """(title) => {"""
    + _FRESH
    + """
    const main = document.querySelector('[data-testid="stMain"]');
    if (main === null) return false;
    const h1 = main.querySelector('h1');
    return fresh(h1) && h1.innerText.trim() === title
        && fresh(main.querySelector('.mt-cards'))
        && main.querySelector('.st-key-meet_m_tail_inputs') !== null
        && main.querySelector('[data-stale="true"]') === null;
}"""
)

_BARE_DRAWN = (
    """() => {"""
    + _FRESH
    + """
    const main = document.querySelector('[data-testid="stMain"]');
    return main !== null && fresh(main.querySelector('.bare-page'))
        && main.querySelector('.st-key-bare_note textarea') !== null
        && main.querySelector('[data-stale="true"]') === null;
}"""
)

_DUE_ITEM_GONE = (
    """([customer, kind]) => {"""
    + _FRESH
    + """
    const main = document.querySelector('[data-testid="stMain"]');
    if (main === null) return false;
    const cards = Array.from(main.querySelectorAll('.due-card'));
    if (!cards.some(fresh)) return false;  // the list is not (yet) drawn
    return !cards.some((c) => c.dataset.customer === customer && c.querySelector(`[data-kind="${kind}"]`) !== null);
}"""
)

_TOAST_SAYS = """(text) => Array.from(document.querySelectorAll('[data-testid="stToast"]'))
    .some((t) => t.innerText.includes(text))"""

_CARD_DONE = (
    """(key) => {"""
    + _FRESH
    + """
    return fresh(document.querySelector(`.st-key-${key}_done`));
}"""
)

_TICKED = (
    """([item, ticked]) => {"""
    + _FRESH
    + """
    const main = document.querySelector('[data-testid="stMain"]');
    if (main === null) return false;
    return Array.from(main.querySelectorAll('[data-testid="stCheckbox"]')).some((box) => {
        const input = box.querySelector('input');
        return fresh(box) && box.innerText.includes(item) && box.innerText.includes(ticked)
            && input !== null && input.checked;
    });
}"""
)


def text(key: str, **params: object) -> str:
    """A string of the app in the benchmark's language."""
    return i18n.t(key, LANG, **params)


def morning_drawn(page) -> bool:
    """The morning page is drawn whole: title, consultant cards and its last container, nothing left stale."""
    return bool(page.evaluate(_MORNING_DRAWN, text("ui.page.morning")))


def bare_drawn(page) -> bool:
    """The reference page (`bench/bare_page.py`) is drawn whole: its block and its text area, nothing left stale."""
    return bool(page.evaluate(_BARE_DRAWN))


def set_actor(page, name: str) -> None:
    """Act as `name` (the sidebar's acting-as choice)."""
    select_option(page, "ui_actor", name)


def card_key(customer_id: str) -> str:
    """The key of a customer's card on the due page (as ui/due_card.py makes it: letters, digits, underscores)."""
    return "card_" + "".join(ch if ch.isalnum() else "_" for ch in customer_id)


def prepare_log(page, customer_id: str, customer: str, phone: str, label: str):
    """Make the due page ready to log the item (customer ID, name and phone, item label) and return what to click."""
    key = card_key(customer_id)
    reached = page.locator(f".st-key-{key}_rp button").first
    if reached.count():  # the card's own actions: "reached" opens the card's small form
        reached.click()
        save = page.locator(f".st-key-{key}_rf_save button").first
        save.wait_for(state="visible")
        return save
    select_option(page, "due_customer", f"{customer} · {phone}")
    select_option(page, "due_item", label)
    return page.locator(".st-key-due_log_submit button").first


def due_item_gone(page, customer_id: str, kind: str) -> bool:
    """The due list is drawn and no longer holds the customer's item of `kind`."""
    return bool(page.evaluate(_DUE_ITEM_GONE, [customer_id, kind]))


def log_shown(page, customer_id: str, kind: str) -> bool:
    """The person sees the log landed: the card's new state, the write's confirmation, or the item gone from the list."""
    return (
        bool(page.evaluate(_CARD_DONE, card_key(customer_id)))
        or bool(page.evaluate(_TOAST_SAYS, text("ui.write.written")))
        or due_item_gone(page, customer_id, kind)
    )


def open_delivery(page, customer: str) -> None:
    """Show the delivery of `customer` on the deliveries page."""
    select_option(page, "deliv_pick", customer)


def checklist_box(page, item: str):
    """The checkbox of a checklist item, found by its text."""
    return page.locator('[data-testid="stMain"] [data-testid="stCheckbox"]', has_text=item).first


def ticked(page, item: str, by: str) -> bool:
    """The item's checkbox is drawn ticked, saying who ticked it."""
    return bool(page.evaluate(_TICKED, [item, text("deliv.ticked", by=by, when="").strip()]))
