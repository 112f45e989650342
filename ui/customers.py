"""The customers page's pieces: its search box and result list, the customer's card, and a new card with the duplicate-phone check.

The page is opened from the search box in the sidebar of every page (`SEARCH_PENDING_KEY`
carries the query across) or by address: `customers?q=QUERY` lists what a query finds,
`customers?id=C0012` opens a card ("#" and the phone's digits for a card without an ID).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import pandas as pd
import streamlit as st

from logic import followups as fu
from logic.cells import cell_text
from logic.customer_search import MIN_DIGITS, PhoneOwner, find_ref, phone_owner, search
from logic.customer_view import CustomerCard, customer_card
from logic.due_view import last_tries, staff_names
from ui import acting, card_actions, session
from ui import due as ui_due
from ui.styles import stylesheet
from ui.text import html_text, md, plain, plain_frame
from workbook import operations, schema
from workbook.codecs import parse_phone

PAGE = "pages/customers.py"
QUERY_PARAM = "q"
REF_PARAM = "id"
QUERY_KEY = "cust_q"
SEARCH_PENDING_KEY = "_cust_q_pending"  # a query typed in the sidebar, for the page's own box
ADD = "cust_add"  # the new card's form: widget keys start with it
ADD_FIELDS = ("name", "phone", "source", "model", "grade", "consultant")
_CLEAR_KEY = "_cust_add_clear"
_OPEN_NEW_KEY = "_cust_add_open"
NEW_GRADES: tuple[str, ...] = schema.HOT_GRADES  # a new card is a lead: H, A, B or C


def css() -> None:
    st.html(stylesheet("customers"))


# --------------------------------------------------------------------------- searching


def _typed() -> None:
    st.query_params[QUERY_PARAM] = st.session_state.get(QUERY_KEY, "")
    st.query_params.pop(REF_PARAM, None)


def search_box(ctx: session.Ctx) -> str:
    """The page's search box, started from the sidebar's query or the address; returns the query."""
    pending = st.session_state.pop(SEARCH_PENDING_KEY, None)
    if pending is not None:
        st.session_state[QUERY_KEY] = pending
    elif QUERY_KEY not in st.session_state:
        st.session_state[QUERY_KEY] = st.query_params.get(QUERY_PARAM, "")
    return st.text_input(
        ctx.t("cust.search.label"),
        key=QUERY_KEY,
        placeholder=ctx.t("cust.search.placeholder"),
        on_change=_typed,
        icon=":material/search:",
    )


def open_card(ref: str) -> None:
    """Open the card `ref` (a button's callback)."""
    st.query_params[REF_PARAM] = ref


def close_card() -> None:
    st.query_params.pop(REF_PARAM, None)


def _day(value: object) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def results(ctx: session.Ctx, query: str) -> None:
    """What `query` finds, one button per card (name, phone, consultant, grade, last contact)."""
    found = search(ctx.frame("customers"), ctx.frame("contacts"), query)
    if found.how == "empty":
        st.caption(ctx.t("cust.search.hint"))
        return
    if found.how == "few_digits":
        st.info(ctx.t("cust.search.few_digits", n=MIN_DIGITS), icon=":material/dialpad:")
        return
    if not found.total:
        st.info(ctx.t("cust.search.none", query=md(query.strip())), icon=":material/search_off:")
        if found.how in ("name", "phone"):
            st.button(
                ctx.t("cust.search.make", query=md(query.strip())),
                key="cust_make",
                on_click=start_card,
                args=(found.how, query.strip()),
                icon=":material/person_add:",
            )
        return
    st.caption(ctx.t("cust.search.count", total=found.total))
    with st.container(key="cust_results"):
        for i, r in enumerate(found.rows.itertuples(index=False)):
            last = r.last_contact
            when = ctx.t("cust.result.last", day=last.isoformat()) if last else ctx.t("cust.result.never")
            parts = [f"**{md(r.name)}**", md(r.phone), md(r.consultant), md(r.grade), when]
            st.button(
                " · ".join(p for p in parts if p),
                key=f"cust_hit_{i}",
                on_click=open_card,
                args=(r.ref,),
                type="tertiary",
                width="stretch",
            )
    if found.more:
        st.caption(ctx.t("cust.search.more", shown=len(found.rows), total=found.total))


# --------------------------------------------------------------------------- the card


def value_text(column: schema.Column, value: object, lang: str) -> str:
    """A cell of the workbook as the card shows it: dates as ISO days, choice codes as labels, yes/no as words."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if column.type == "date":
        return pd.Timestamp(value).date().isoformat()
    if column.type == "datetime":
        return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")
    if column.type == "yesno":
        return session.t("word.yes") if bool(value) else session.t("word.no")
    if column.type == "money" and isinstance(value, int | float):
        return f"{value:,.0f}"
    if column.type == "integer" and isinstance(value, int | float):
        return str(int(value))
    if column.choices:
        return schema.choice_list(column.choices).label(str(value), lang)  # type: ignore[arg-type]
    return str(value)


def _record_html(c: CustomerCard, lang: str) -> str:
    sheet = schema.sheet("customers")
    cells = "".join(
        f"<dt>{html_text(sheet.column(k).header(lang))}</dt><dd>{html_text(value_text(sheet.column(k), v, lang))}</dd>"  # type: ignore[arg-type]
        for k, v in c.record
    )
    return f'<dl class="cust-record">{cells}</dl>'


def _items_html(items: pd.DataFrame, ctx: session.Ctx) -> str:
    lines = []
    for r in items.to_dict("records"):
        late = int(r["overdue_days"])
        if late > 0:
            when = ctx.t("cust.card.overdue", n=late)
        elif late == 0:
            when = ctx.t("cust.card.due_today")
        else:
            when = ctx.t("cust.card.upcoming", day=_day(r["due"]))
        bits = [f"<b>{html_text(r['label'])}</b>", html_text(_day(r["due"])), html_text(when)]
        if int(r.get("attempts") or 0):
            bits.append(html_text(ctx.t("cust.card.attempts", n=int(r["attempts"]))))
        if bool(r.get("out_of_contact")):
            bits.append(f'<span class="cust-flag">{html_text(ctx.t("cust.card.out_of_contact"))}</span>')
        css_class = "cust-late" if late > 0 else ""
        lines.append(f'<li class="{css_class}">{" · ".join(bits)}</li>')
    return f'<ul class="cust-items">{"".join(lines)}</ul>'


def _contacts_html(contacts: pd.DataFrame, lang: str, void_word: str) -> str:
    sheet = schema.sheet("contacts")
    shown = ("date", "time", "type", "outcome", "result", "recorded_by")
    head = "".join(f"<th>{html_text(sheet.column(k).header(lang))}</th>" for k in shown)  # type: ignore[arg-type]
    rows = []
    for r in contacts.to_dict("records"):
        cells = [html_text(value_text(sheet.column(k), r[k], lang)) for k in shown]
        if r["void"]:
            cells[0] += f' <span class="cust-void-tag">{html_text(void_word)}</span>'
        rows.append(
            f'<tr class="{"cust-void" if r["void"] else ""}">' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
        )
    return f'<div class="cust-scroll"><table class="cust-contacts"><tr>{head}</tr>{"".join(rows)}</table></div>'


def _deliveries_frame(deliveries: pd.DataFrame, lang: str) -> pd.DataFrame:
    sheet = schema.sheet("deliveries")
    keep = [c for c in sheet.columns if c.key in deliveries.columns and deliveries[c.key].notna().any()]
    return pd.DataFrame(
        {c.header(lang): [value_text(c, v, lang) for v in deliveries[c.key]] for c in keep}  # type: ignore[arg-type]
    )


def card(ctx: session.Ctx, ref: str) -> CustomerCard | None:
    """The customer's card: who, the open items, (the actions), every contact, the record, deliveries."""
    st.button(ctx.t("cust.card.back"), key="cust_back", on_click=close_card, icon=":material/arrow_back:")
    row = find_ref(ctx.frame("customers"), ref)
    if row is None:
        st.warning(ctx.t("cust.card.not_found", ref=md(ref)), icon="")
        return None
    columns = [c.key for c in schema.sheet("customers").columns]
    due = ui_due.due_list(ctx.wb, ctx.today, 0, ctx.lang)  # what the due page lists for the same day
    c = customer_card(row, columns, ctx.frame("contacts"), due, ctx.wb.frames.get("deliveries"))
    st.subheader(md(c.name), anchor=False)
    st.caption(" · ".join(md(x) for x in (c.customer_id, c.phone, c.consultant, c.grade) if x))

    st.markdown(f"**{ctx.t('cust.card.items', n=len(c.items))}**")
    if c.items.empty:
        st.caption(ctx.t("cust.card.no_items"))
    else:
        st.html(_items_html(c.items, ctx))

    cid = c.customer_id or None
    _, consultants = staff_names(ctx.staff, ctx.frame("customers")["consultant"].dropna())
    tried = last_tries(ctx.frame("contacts"), [cid]) if cid else {}
    key = "cust_" + "".join(ch if ch.isalnum() else "_" for ch in c.ref)  # a widget key and a CSS class
    with st.container(border=True, key=f"{key}_box"):  # the due card's own actions, here too
        card_actions.actions(ctx, cid, c.items, key=key, consultants=consultants, last_try=tried.get(cid))

    st.markdown(f"**{ctx.t('cust.card.contacts', n=len(c.contacts))}**")
    if c.contacts.empty:
        st.caption(ctx.t("cust.card.no_contacts"))
    else:
        st.html(_contacts_html(c.contacts, ctx.lang, ctx.t("cust.card.void")))

    with st.expander(ctx.t("cust.card.record"), expanded=True):
        st.html(_record_html(c, ctx.lang))
    if not c.deliveries.empty:
        st.markdown(f"**{ctx.t('cust.card.deliveries', n=len(c.deliveries))}**")
        st.dataframe(plain_frame(_deliveries_frame(c.deliveries, ctx.lang)), hide_index=True, key="cust_deliveries")
    return c


# --------------------------------------------------------------------------- a new card


def _key(name: str) -> str:
    return f"{ADD}_{name}"


def start_card(how: str, query: str) -> None:
    """Start a new card with what was searched for and not found (a button's callback: before the form is drawn)."""
    st.session_state[_key("name" if how == "name" else "phone")] = query


def after_write(ctx: session.Ctx) -> None:
    """After a card was made (the run the write started): empty the form and open the new card.

    Called at the top of the page, before the form's widgets exist and before the card is drawn.
    """
    if st.session_state.pop(_CLEAR_KEY, False):
        for name in (*ADD_FIELDS, "confirm"):
            st.session_state.pop(_key(name), None)
    made = st.session_state.pop(_OPEN_NEW_KEY, None)
    if made is not None:
        ref = newest_card(ctx.frame("customers"), *made)
        if ref:
            open_card(ref)


def newest_card(customers: pd.DataFrame, name: str, phone: str) -> str | None:
    """The reference of the last card in the sheet with this name and phone (the one just made)."""
    digits_of = customers["phone"].map(lambda v: "".join(ch for ch in cell_text(v) if ch.isdigit()))
    wanted = "".join(ch for ch in phone if ch.isdigit())
    hits = customers[(customers["name"].map(cell_text) == name) & (digits_of == wanted)]
    if hits.empty:
        return None
    last = hits.iloc[-1]
    cid = cell_text(last["customer_id"]).strip()
    return cid or "#" + wanted


def _duplicate_box(ctx: session.Ctx, owner: PhoneOwner, phone: str) -> None:
    key = "cust.add.duplicate_tie" if owner.tie else "cust.add.duplicate"
    st.warning(
        ctx.t(key, phone=md(phone), owner=md(owner.owner or "-"), name=md(owner.name), ref=md(owner.ref)),
        icon=":material/content_copy:",
    )
    st.button(
        ctx.t("cust.add.open_theirs", name=md(owner.name)),
        key=_key("open_theirs"),
        on_click=open_card,
        args=(owner.ref,),
        icon=":material/person:",
    )
    st.checkbox(ctx.t("cust.add.confirm"), key=_key("confirm"))


def _problem(ctx: session.Ctx, values: dict[str, str], owner: PhoneOwner | None, author: str | None) -> str | None:
    """Why the card cannot be made as typed (a message next to the form), None when it can."""
    if author is None:
        return ctx.t(acting.MISSING_KEY)
    sheet = schema.sheet("customers")
    missing = [sheet.column(k).header(ctx.lang) for k in ("name", "phone", "grade") if not values[k].strip()]  # type: ignore[arg-type]
    if missing:
        return ctx.t("cust.add.required", fields=md("、".join(missing) if ctx.lang == "zh" else ", ".join(missing)))
    if not parse_phone(values["phone"]).accepted:
        return ctx.t("cust.add.bad_phone", phone=md(values["phone"]))
    if owner is not None and not st.session_state.get(_key("confirm")):
        return ctx.t("cust.add.duplicate_refused")
    if owner is not None and ctx.staff.get(author) not in fu.MANAGER_ROLES:
        return ctx.t("cust.add.manager_only")
    return None


def add_form(ctx: session.Ctx, consultants: Sequence[str]) -> None:
    """A new customer card: name, phone, source, model, grade, consultant (default: whoever saves)."""
    t = ctx.t
    sheet = schema.sheet("customers")

    def head(k: str) -> str:
        return sheet.column(k).header(ctx.lang)  # type: ignore[arg-type]

    typed = any(st.session_state.get(_key(k)) for k in ADD_FIELDS)
    with st.expander(t("cust.add.title"), expanded=typed, icon=":material/person_add:"), st.container(key=ADD):
        left, right = st.columns(2)
        left.text_input(head("name"), key=_key("name"), max_chars=sheet.column("name").max_length)
        right.text_input(head("phone"), key=_key("phone"), max_chars=40)
        phone = str(st.session_state.get(_key("phone")) or "").strip()
        owner = phone_owner(ctx.frame("customers"), ctx.frame("contacts"), phone, fu.managers(ctx.frame("staff")))
        if owner is not None:
            _duplicate_box(ctx, owner, phone)
        left, right = st.columns(2)
        sources = schema.choice_list("source")
        left.selectbox(
            head("source"),
            sources.codes(),
            index=None,
            key=_key("source"),
            format_func=lambda code: sources.label(code, ctx.lang),  # type: ignore[arg-type]
            placeholder="-",
        )
        right.text_input(head("model"), key=_key("model"))
        left, right = st.columns(2)
        left.selectbox(head("grade"), NEW_GRADES, index=None, key=_key("grade"), placeholder="-")
        right.selectbox(
            head("consultant"),
            ["", *consultants],
            key=_key("consultant"),
            format_func=lambda name: plain(name) if name else t("cust.add.consultant_default"),
        )
        acting.field(ctx, ADD)
        # not marked dirty: a rerun keeps every widget's value, and a mark left behind by someone who walked
        # away from the form would stop the sidebar's watcher for the rest of the session
        values = {k: str(st.session_state.get(_key(k)) or "") for k in ADD_FIELDS}
        if st.button(t("cust.add.save"), key=_key("save"), type="primary", icon=":material/person_add:"):
            _save(ctx, values, owner)


def _now() -> datetime:
    """When the card is entered: the time of day on the clock's day (the page may look at another day)."""
    return datetime.combine(session.base_today(), datetime.now().time()).replace(microsecond=0)


def new_card(values: dict[str, str], author: str, today: date, at: datetime) -> operations.Op:
    """The write that makes the card: the phone as text without separators, first contact today."""
    phone = parse_phone(values["phone"]).value
    return operations.add_customer(
        name=values["name"].strip(),
        phone=str(phone),
        source=values["source"] or None,
        model=values["model"].strip() or None,
        grade=values["grade"],
        consultant=values["consultant"] or author,
        first_contact=today,
        recorded_by=author,
        recorded_at=at,
    )


def _save(ctx: session.Ctx, values: dict[str, str], owner: PhoneOwner | None) -> None:
    author = acting.chosen(ADD)
    problem = _problem(ctx, values, owner, author)
    if problem is not None:
        st.error(problem, icon="")  # next to the form; everything typed stays
        return
    assert author is not None
    op = new_card(values, author, session.base_today(), _now())
    st.session_state[_CLEAR_KEY] = True
    st.session_state[_OPEN_NEW_KEY] = (values["name"].strip(), values["phone"])
    if session.write(op) is None:  # refused: the reason is shown here, the form kept
        st.session_state.pop(_CLEAR_KEY, None)
        st.session_state.pop(_OPEN_NEW_KEY, None)


def consultants_of(ctx: session.Ctx) -> list[str]:
    """Whom a new card may belong to: the consultants on the staff sheet (else anyone owning a customer)."""
    return staff_names(ctx.staff, ctx.frame("customers")["consultant"].dropna())[1]
