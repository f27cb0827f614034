#!/usr/bin/env python3
"""cells.py: what a workbook lb wrote holds, as openpyxl (not lb) reads it.

Usage: python3 cells.py FILE [SHEET!RANGE ...]

With no range, the sheet names in order.  Each range (A1, B2:D3, or
SHEET!A1) prints one line a cell: "SHEET!A1 TYPE VALUE [FORMAT]", TYPE
being openpyxl's s (text), n (number), d (date), b (boolean), VALUE a
date as YYYY-MM-DD, FORMAT the number format when not General.
"""
import datetime
import os
import sys

try:
    import openpyxl
except ImportError:
    deb = '/usr/bin/python3'
    if os.path.exists(deb) and os.path.realpath(sys.executable) != os.path.realpath(deb):
        os.execv(deb, [deb] + sys.argv)
    raise


def show(ws, ref):
    cells = ws[ref]
    if not isinstance(cells, tuple):
        cells = ((cells,),)
    elif cells and not isinstance(cells[0], tuple):
        cells = (cells,)
    for row in cells:
        for c in row:
            v = c.value
            if isinstance(v, datetime.datetime):
                v = v.date().isoformat() if v.time() == datetime.time() else v.isoformat()
            fmt = '' if c.number_format == 'General' else ' [%s]' % c.number_format
            t = c.data_type if c.value is not None else '-'
            print('%s!%s %s %s%s' % (ws.title, c.coordinate, t, v, fmt))


def main():
    wb = openpyxl.load_workbook(sys.argv[1])
    if len(sys.argv) == 2:
        for ws in wb.worksheets:
            frozen = ws.freeze_panes or '-'
            bold = all(c.font.b for c in next(ws.iter_rows(min_row=ws.min_row, max_row=ws.min_row))
                       if c.value is not None)
            print('%s rows=%d cols=%d frozen=%s first-row-bold=%s' %
                  (ws.title, ws.max_row, ws.max_column, frozen, bold))
        return
    for arg in sys.argv[2:]:
        name, _, ref = arg.rpartition('!')
        show(wb[name] if name else wb.worksheets[0], ref)


if __name__ == '__main__':
    main()
