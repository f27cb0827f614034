#!/usr/bin/env python3
"""csv2xlsx.py: a CSV file as an .xlsx workbook written as Excel writes one.

Usage: python3 bench/csv2xlsx.py IN.csv OUT.xlsx

For make bench: the county's intake as a school would hand it over, so
that reading a workbook can be timed against reading the same CSV.
openpyxl (not lb) writes the workbook; its inline strings, with Chinese
as numeric character references, are then made what Excel and WPS write:
one shared-string table, text in UTF-8.  Every cell is a string, as in
the CSV.
"""
import csv
import html
import os
import re
import sys
import zipfile

try:
    import openpyxl
except ImportError:
    deb = '/usr/bin/python3'
    if os.path.exists(deb) and os.path.realpath(sys.executable) != os.path.realpath(deb):
        os.execv(deb, [deb] + sys.argv)
    raise

SST_REL = ('<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/'
           'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>')
SST_CT = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
          'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')


def utf8(s):
    """Character references as the characters, only XML's own escaped."""
    return html.escape(html.unescape(s), quote=False)


def main():
    src, out = sys.argv[1], sys.argv[2]
    tmp = out + '.tmp'
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet('intake')
    with open(src, newline='', encoding='utf-8-sig') as f:
        for row in csv.reader(f):
            ws.append(row)
    wb.save(tmp)
    with zipfile.ZipFile(tmp) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    os.unlink(tmp)
    sis, index = [], {}

    def one(m):
        s = utf8(m.group(2))
        if s not in index:
            index[s] = len(sis)
            sis.append('<si><t xml:space="preserve">%s</t></si>' % s)
        return '<c%s t="s"><v>%d</v></c>' % (m.group(1), index[s])

    name = 'xl/worksheets/sheet1.xml'
    xml = parts[name].decode('utf-8')
    xml = re.sub(r'<c([^>]*?) t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>', one, xml)
    parts[name] = xml.encode('utf-8')
    parts['xl/sharedStrings.xml'] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'count="%d" uniqueCount="%d">%s</sst>' % (len(sis), len(sis), ''.join(sis))).encode('utf-8')
    rels = 'xl/_rels/workbook.xml.rels'
    parts[rels] = parts[rels].replace(b'</Relationships>', SST_REL.encode() + b'</Relationships>')
    ct = '[Content_Types].xml'
    parts[ct] = parts[ct].replace(b'</Types>', SST_CT.encode() + b'</Types>')
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)


if __name__ == '__main__':
    main()
