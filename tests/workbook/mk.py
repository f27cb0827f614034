#!/usr/bin/env python3
"""mk.py: write a workbook fixture for the tests of lib/workbook.c.

Usage: python3 mk.py NAME OUT

The .xlsx fixtures are written by openpyxl, the .xls ones by xlwt, never
by lb: what lb reads is what other programs write.  openpyxl writes every
string inline; Excel writes shared strings, so save() moves them into
xl/sharedStrings.xml as Excel does.  What openpyxl cannot write (rich
text, cached formula results, cells without r, namespace prefixes, moved
parts, damage) is patched into its XML with zipfile.
"""
import os
import re
import sys
import zipfile

try:
    import openpyxl
    import xlwt
except ImportError:
    # A python3 ahead of Debian's in PATH (pyenv) lacks python3-openpyxl
    # and python3-xlwt: run again under Debian's.
    deb = '/usr/bin/python3'
    if os.path.exists(deb) and os.path.realpath(sys.executable) != os.path.realpath(deb):
        os.execv(deb, [deb] + sys.argv)
    raise

import datetime
from openpyxl.utils.datetime import CALENDAR_MAC_1904

SST_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings'
SST_CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml'


def rewrite(path, edit):
    """Apply edit(dict name -> bytes) to the parts of the zip at path."""
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    edit(parts)
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def text(parts, name):
    return parts[name].decode('utf-8')


def put(parts, name, s):
    parts[name] = s.encode('utf-8')


def add_sst(parts, sis):
    """Add xl/sharedStrings.xml holding the <si> elements sis."""
    put(parts, 'xl/sharedStrings.xml',
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'count="%d" uniqueCount="%d">%s</sst>' % (len(sis), len(sis), ''.join(sis)))
    rels = text(parts, 'xl/_rels/workbook.xml.rels')
    rels = rels.replace('</Relationships>',
                        '<Relationship Type="%s" Target="sharedStrings.xml" Id="rIdSst"/>'
                        '</Relationships>' % SST_TYPE)
    put(parts, 'xl/_rels/workbook.xml.rels', rels)
    ct = text(parts, '[Content_Types].xml')
    ct = ct.replace('</Types>', '<Override PartName="/xl/sharedStrings.xml" '
                    'ContentType="%s"/></Types>' % SST_CT)
    put(parts, '[Content_Types].xml', ct)


def share(parts):
    """Inline strings -> shared strings, one table for all sheets, as Excel."""
    sis, index = [], {}

    def one(m):
        s = m.group(2)
        if s not in index:
            index[s] = len(sis)
            sis.append('<si><t xml:space="preserve">%s</t></si>' % s)
        return '<c%s t="s"><v>%d</v></c>' % (m.group(1), index[s])

    for name in sorted(parts):
        if name.startswith('xl/worksheets/'):
            put(parts, name, re.sub(r'<c([^>]*?) t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>',
                                    one, text(parts, name)))
    if sis:
        add_sst(parts, sis)


def sheet_data(parts, xml, sheet='xl/worksheets/sheet1.xml'):
    """Replace a sheet's <sheetData> with xml."""
    s = re.sub(r'<sheetData>.*</sheetData>|<sheetData/>', lambda m: xml, text(parts, sheet))
    put(parts, sheet, s)


def save(wb, out, edit=None, shared=True):
    wb.save(out)

    def all_edits(parts):
        if shared:
            share(parts)
        if edit is not None:
            edit(parts)
    rewrite(out, all_edits)


def book(title='Sheet'):
    wb = openpyxl.Workbook()
    wb.active.title = title
    return wb, wb.active


def rows(ws, data, fmt=None):
    for row in data:
        ws.append(row)
    if fmt:
        for ref, f in fmt.items():
            ws[ref].number_format = f


# The fixtures, by name.

def plain(out):
    wb, ws = book('学生名单')
    rows(ws, [['学号', '姓名', '班级', '监护人电话'],
              ['S001', '张三', '三年级1班', 13812345678],
              ['S002', '李四', '三年级2班', 13987654321]])
    save(wb, out)


def strings(out):
    """Shared strings (plain, rich runs, a phonetic guide, escapes, a repeat)
    and inline strings (plain, rich runs)."""
    wb, ws = book()
    ws['A1'] = 'x'
    save(wb, out, shared=False, edit=lambda p: (
        add_sst(p, ['<si><t>共享</t></si>',
                    '<si><r><rPr><b/></rPr><t>张</t></r><r><t xml:space="preserve">三 </t></r>'
                    '<rPh sb="0" eb="1"><t>zhāng</t></rPh><phoneticPr fontId="1"/></si>',
                    '<si><t>a_x000D_b</t></si>',
                    '<si><t>_x005F_x0041_</t></si>',
                    '<si><t></t></si>']),
        sheet_data(p, '<sheetData>'
                   '<row r="1"><c r="A1" t="s"><v>0</v></c>'
                   '<c r="B1" t="inlineStr"><is><t>内联</t></is></c></row>'
                   '<row r="2"><c r="A2" t="s"><v>1</v></c>'
                   '<c r="B2" t="inlineStr"><is><r><t>李</t></r><r><rPr><i/></rPr><t>四</t></r>'
                   '<rPh sb="0" eb="1"><t>lǐ</t></rPh></is></c></row>'
                   '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" t="s"><v>3</v></c></row>'
                   '<row r="4"><c r="A4" t="s"><v>4</v></c><c r="B4" t="s"><v>0</v></c></row>'
                   '</sheetData>')))


def dates(out):
    d = datetime.date
    dt = datetime.datetime
    wb, ws = book('dates')
    rows(ws, [[d(2016, 3, 7), d(2016, 3, 7), dt(2016, 3, 7, 14, 30, 5), dt(2016, 3, 7, 0, 0)],
              [d(1900, 2, 28), 60, d(1900, 3, 1), d(1900, 1, 1)],
              [datetime.time(18, 30), datetime.time(8, 5, 9), 42436, 42436.25, 42436.99999999],
              [42436, 42436, 42436, 42436, -1, 2958466]],
         {'A1': 'mm-dd-yy',			# built-in 14
          'B1': 'yyyy"年"m"月"d"日"',
          'C1': 'yyyy-mm-dd hh:mm:ss',
          'D1': 'yyyy-mm-dd hh:mm',
          'A2': 'yyyy-mm-dd', 'B2': 'yyyy-mm-dd', 'C2': 'yyyy-mm-dd', 'D2': 'yyyy-mm-dd',
          'A3': 'h:mm',				# built-in 20, time only
          'B3': '[h]:mm:ss',			# elapsed hours, time only
          'C3': '[Red][$-804]yyyy/m/d',
          'D3': 'm/d/yy h:mm',			# built-in 22
          'E3': 'yyyy-mm-dd hh:mm:ss',		# 23:59:59.999: the next day
          'E4': 'yyyy-mm-dd', 'F4': 'yyyy-mm-dd',	# no date: before 1900, after 9999
          # Numbers: the letters are quoted, escaped, or in brackets.
          'A4': '0.0 "days"', 'B4': '#,##0_);[Red](#,##0)', 'C4': '0\\d', 'D4': 'General'})
    save(wb, out)


def date1904(out):
    wb, ws = book()
    wb.epoch = CALENDAR_MAC_1904
    rows(ws, [[datetime.date(2016, 3, 7)], [0], [datetime.datetime(1904, 1, 2, 12, 0)]],
         {'A2': 'yyyy-mm-dd', 'A3': 'yyyy-mm-dd hh:mm'})
    save(wb, out)


def date1904_true(out):
    """date1904="true", as some writers spell it."""
    date1904(out)
    rewrite(out, lambda p: put(p, 'xl/workbook.xml', text(p, 'xl/workbook.xml').replace(
        'date1904="1"', 'date1904="true"')))


def numbers(out):
    wb, ws = book()
    rows(ws, [[42436, 3.5, 0.1, -7, 341204201603071234, 13812345678],
              [999999999999999, 1e15, -0.5, 123456.789, 1e-5, 1.5e-7],
              [0, 2.5e-6, 'x', 'x']])
    # openpyxl writes 16 digits; Excel's 17-digit 0.1+0.2 and a -0 by hand.
    save(wb, out, edit=lambda p: put(p, 'xl/worksheets/sheet1.xml', re.sub(
        r'<c r="C3" t="s"><v>\d+</v></c><c r="D3" t="s"><v>\d+</v></c>',
        '<c r="C3"><v>0.30000000000000004</v></c><c r="D3"><v>-0</v></c>',
        text(p, 'xl/worksheets/sheet1.xml'))))


def merged(out):
    wb, ws = book('名册')
    ws['A1'] = '2024年秋季留守儿童名册'
    ws.merge_cells('A1:F1')		# wider than the table
    ws['A2'] = '学号'
    ws.merge_cells('A2:A3')
    ws['B2'] = '父亲'
    ws.merge_cells('B2:D2')
    ws['E2'] = '备注'
    ws.merge_cells('E2:E3')
    ws['B3'], ws['C3'], ws['D3'] = '姓名', '电话', '务工省份'
    rows(ws, [['S001', '张建国', 13812345678, '广东']])
    ws.merge_cells('A6:B7')		# empty: no values, no rows
    save(wb, out)


def hidden(out):
    wb, ws = book('隐藏')
    ws['A1'] = 'secret'
    ws.sheet_state = 'hidden'
    ws2 = wb.create_sheet('roster')
    ws2['A1'] = 'shown'
    save(wb, out)


def chart_first(out):
    """A chart sheet first: the first worksheet is the default."""
    wb, ws = book('数据')
    ws['A1'] = 'data'
    wb.create_chartsheet('图表', 0)
    save(wb, out)


def sheets(out):
    wb, ws = book('一')
    ws['A1'] = 'first'
    wb.create_sheet('3')['A1'] = 'named 3'
    wb.create_sheet('last')['A1'] = 'third'
    save(wb, out)


def booleans(out):
    wb, ws = book()
    rows(ws, [[True, False, 1, 0]])
    save(wb, out)


def formulas(out):
    """Cached results of formulas, an error, ISO dates (t="d")."""
    wb, ws = book()
    ws['A1'] = 'x'
    save(wb, out, edit=lambda p: sheet_data(
        p, '<sheetData><row r="1">'
        '<c r="A1" t="str"><f>UPPER("gao")&amp;"三"</f><v>GAO三</v></c>'
        '<c r="B1"><f>1+1</f><v>2</v></c>'
        '<c r="C1" t="e"><f>NA()</f><v>#N/A</v></c>'
        '<c r="D1" t="b"><f>TRUE()</f><v>1</v></c>'
        '<c r="E1"><f>NOW()</f></c>'
        '</row><row r="2">'
        '<c r="A2" t="d"><v>2016-03-07T00:00:00</v></c>'
        '<c r="B2" t="d"><v>2016-03-07T08:30:00.000Z</v></c>'
        '<c r="C2" t="d"><v>2016-03-07</v></c>'
        '</row></sheetData>'))


def gap(out):
    """Rows and cells without r (the spec allows them), a row without cells,
    a styled cell without a value."""
    wb, ws = book()
    ws['A1'] = 'x'
    save(wb, out, edit=lambda p: sheet_data(
        p, '<sheetData>'
        '<row><c t="inlineStr"><is><t>a</t></is></c><c><v>1</v></c></row>'
        '<row r="3"/>'
        '<row r="4"><c r="B4"><v>2</v></c><c><v>3</v></c></row>'
        '<row><c><v>5</v></c></row>'
        '<row r="7"><c r="E7" s="0"/></row>'
        '</sheetData>'))


def prefixed(out):
    """The parts of a workbook written with x: prefixes, as some .NET writers do."""
    wb, ws = book('名单')
    rows(ws, [['学号', '姓名'], ['S001', '张三']])
    ws['C2'] = datetime.date(2016, 3, 7)
    ws['C2'].number_format = 'yyyy-mm-dd'

    def prefix(p):
        for name in ('xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml',
                     'xl/styles.xml'):
            s = text(p, name)
            s = re.sub(r'<(/?)([A-Za-z]\w*)([ />])', r'<\1x:\2\3', s)
            s = s.replace(' xmlns="', ' xmlns:x="')
            put(p, name, s)
    save(wb, out, edit=prefix)


def paths(out):
    """Parts where Excel does not put them, found through the relationships."""
    wb, ws = book()
    rows(ws, [['moved', datetime.date(2016, 3, 7)]], {'B1': 'yyyy-mm-dd'})

    def move(p):
        p['xl/main.xml'] = p.pop('xl/workbook.xml')
        rels = text(p, 'xl/_rels/workbook.xml.rels')
        del p['xl/_rels/workbook.xml.rels']
        # The sheet's name in other letter case than the zip has it.
        rels = rels.replace('Target="/xl/worksheets/sheet1.xml"', 'Target="data/./First.xml"')
        rels = rels.replace('Target="styles.xml"', 'Target="../st/styles.xml"')
        put(p, 'xl/_rels/main.xml.rels', rels)
        p['xl/data/first.xml'] = p.pop('xl/worksheets/sheet1.xml')
        p['st/styles.xml'] = p.pop('xl/styles.xml')
        put(p, '_rels/.rels', text(p, '_rels/.rels').replace('Target="xl/workbook.xml"',
                                                            'Target="/xl/main.xml"'))
        ct = text(p, '[Content_Types].xml')
        ct = ct.replace('/xl/workbook.xml', '/xl/main.xml').replace(
            '/xl/worksheets/sheet1.xml', '/xl/data/first.xml').replace(
            '/xl/styles.xml', '/st/styles.xml')
        put(p, '[Content_Types].xml', ct)
    save(wb, out, edit=move)


def beyond(out):
    """A cell past column XFD, then (beyond-row) a row past 1048576."""
    wb, ws = book()
    ws['A1'] = 'x'
    save(wb, out, edit=lambda p: sheet_data(
        p, '<sheetData><row r="1"><c r="XFE1"><v>1</v></c></row></sheetData>'))


def beyond_row(out):
    wb, ws = book()
    ws['A1'] = 'x'
    save(wb, out, edit=lambda p: sheet_data(
        p, '<sheetData><row r="1048577"><c><v>1</v></c></row></sheetData>'))


def far(out):
    """A value typed far off the table: XFD1048576."""
    wb, ws = book()
    ws['A1'] = 'table'
    ws['XFD1048576'] = 'stray'
    save(wb, out)


def far_merge(out):
    """A merge over the whole sheet (by hand: openpyxl would make every cell)."""
    wb, ws = book()
    ws['A1'] = 'all'
    save(wb, out, edit=lambda p: put(p, 'xl/worksheets/sheet1.xml', text(
        p, 'xl/worksheets/sheet1.xml').replace(
        '</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/>'
        '</mergeCells>')))


def overlapping_merges(out):
    """Merges over each other (Excel never writes them): each would fill the sheet again."""
    wb, ws = book()
    ws['A1'] = 'x'
    merges = ''.join('<mergeCell ref="A1:C%d"/>' % n for n in range(1, 4))
    save(wb, out, edit=lambda p: put(p, 'xl/worksheets/sheet1.xml', text(
        p, 'xl/worksheets/sheet1.xml').replace(
        '</sheetData>', '</sheetData><mergeCells>%s</mergeCells>' % merges)))


def doctype(out):
    """A DTD with entities (a billion laughs' start): no part of a workbook has one."""
    wb, ws = book()
    ws['A1'] = 'x'
    save(wb, out, edit=lambda p: put(
        p, 'xl/worksheets/sheet1.xml',
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>' +
        text(p, 'xl/worksheets/sheet1.xml').replace('<v>0</v>', '<v>&b;</v>')))


def bad_string(out):
    """A cell naming shared string 99 of 1."""
    wb, ws = book()
    ws['A1'] = 'x'
    save(wb, out, edit=lambda p: put(p, 'xl/worksheets/sheet1.xml', text(
        p, 'xl/worksheets/sheet1.xml').replace('<v>0</v>', '<v>99</v>')))


def truncated(out):
    plain(out)
    with open(out, 'rb') as f:
        data = f.read()
    with open(out, 'wb') as f:
        f.write(data[:len(data) // 2])


def notbook(out):
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('hello.txt', 'not a workbook\n')


def xlsb(out):
    """The package of an Excel binary workbook: its workbook part is xl/workbook.bin."""
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('_rels/.rels',
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
                   '.org/officeDocument/2006/relationships/officeDocument" '
                   'Target="xl/workbook.bin"/></Relationships>')
        z.writestr('xl/workbook.bin', bytes(range(256)))


def encrypted(out):
    """An OLE2 file that is no .xls: what an .xlsx saved with a password is to libfreexl."""
    with open(out, 'wb') as f:
        f.write(bytes.fromhex('d0cf11e0a1b11ae1') + bytes(range(256)) * 8)


def bomb(out):
    """A part whose central directory says it inflates to 3 GiB."""
    wb, ws = book()
    ws['A1'] = 'x'
    save(wb, out)
    with open(out, 'rb') as f:
        data = bytearray(f.read())
    name = b'xl/worksheets/sheet1.xml'
    cd = data.find(b'PK\x01\x02')
    while cd >= 0:
        nlen = int.from_bytes(data[cd + 28:cd + 30], 'little')
        if data[cd + 46:cd + 46 + nlen] == name:
            data[cd + 24:cd + 28] = (3 << 30).to_bytes(4, 'little')
        cd = data.find(b'PK\x01\x02', cd + 4)
    with open(out, 'wb') as f:
        f.write(data)


def big(out):
    """50,000 rows x 20 columns, for timing: IDs, names, numbers, dates."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet('big')
    ws.append(['c%d' % i for i in range(20)])
    day = datetime.date(2016, 3, 7)
    for r in range(50000):
        ws.append(['S%06d' % r, '张%d' % (r % 500), r, r * 1.5, day, 13800000000 + r] +
                  ['v%d' % ((r + i) % 1000) for i in range(14)])
    save(wb, out)


def xls(out):
    """An .xls (BIFF8) by xlwt: text, numbers, dates, a merge, two sheets."""
    wb = xlwt.Workbook(encoding='utf-8')
    ws = wb.add_sheet('学生')
    date = xlwt.easyxf(num_format_str='yyyy-mm-dd')
    stamp = xlwt.easyxf(num_format_str='yyyy-mm-dd hh:mm:ss')
    clock = xlwt.easyxf(num_format_str='hh:mm:ss')
    ws.write_merge(0, 0, 0, 3, '名册')
    for c, v in enumerate(['姓名', '编号', '分数', '电话']):
        ws.write(1, c, v)
    ws.write(2, 0, '张三')
    ws.write(2, 1, 42436)
    ws.write(2, 2, 3.5)
    ws.write(2, 3, 13812345678)
    ws.write(3, 0, datetime.date(2016, 3, 7), date)
    ws.write(3, 1, datetime.datetime(2016, 3, 7, 14, 30, 5), stamp)
    ws.write(3, 2, datetime.datetime(2016, 3, 7), stamp)
    ws.write(3, 3, datetime.time(18, 30), clock)
    ws.write(4, 0, 341204201603071234)
    ws.write(4, 1, -7)
    ws.write(4, 2, 0.1)
    ws2 = wb.add_sheet('other')
    ws2.write(0, 0, 'two')
    wb.save(out)


FIXTURES = {f.__name__.replace('_', '-'): f for f in (
    plain, strings, dates, date1904, date1904_true, numbers, merged, hidden, chart_first,
    sheets, booleans, formulas, gap, prefixed, paths, beyond, beyond_row, far, far_merge,
    overlapping_merges, doctype, bad_string, truncated, notbook, xlsb, encrypted, bomb, big, xls)}


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in FIXTURES:
        sys.stderr.write('usage: mk.py NAME OUT\nnames: %s\n' % ' '.join(sorted(FIXTURES)))
        sys.exit(64)
    FIXTURES[sys.argv[1]](sys.argv[2])


if __name__ == '__main__':
    main()
