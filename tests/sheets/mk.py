#!/usr/bin/env python3
"""mk.py: workbooks laid out as schools lay them out, for lb's command tests.

Usage: python3 mk.py NAME OUT

Written by openpyxl (.xlsx) and xlwt (.xls), never by lb: what lb reads
is what Excel, WPS and other programs write.  The sheets are the class
teacher's: a title row, a date line, a two-level header from merged
cells, dates as date cells, serial numbers, text dates in the forms
people type, class names as written, yes/no in Chinese, a blank row, a
合计 footer and a signature line.
"""
import datetime
import os
import sys

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


def resident_id(region, birth, seq):
    """An 18-character resident ID (GB 11643) with its check character."""
    body = '%s%s%03d' % (region, birth.strftime('%Y%m%d'), seq)
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + '10X98765432'[sum(int(c) * k for c, k in zip(body, w)) % 11]


TITLE = '清水镇中心小学留守儿童信息登记表'
HEAD_TOP = ['学号', '姓名', '性别', '班级', '出生日期', '身份证号', '是否寄宿',
            '父亲', None, None, '母亲', None, None, '监护人', None]
HEAD_LOW = [None, None, None, None, None, None, None,
            '姓名', '电话', '务工省份', '姓名', '电话', '务工省份', '姓名', '与学生关系']
D = datetime.date


def children():
    """The rows, each value as a spreadsheet holds it."""
    return [
        ['S7001', '王 小明', '男', '三(2)班', D(2016, 3, 7),
         resident_id('341723', D(2016, 3, 7), 11), '是',
         '王大军', 13812345678, '广东省', '李芳', '13912345678', '浙江省', '王德福', '爷爷'],
        ['S7002', '李小红', '女', '3年级2班', 42491,
         resident_id('341723', D(2016, 5, 1), 22), '否',
         '李强', '13800000001', '江苏省', None, None, None, '张秀英', '奶奶'],
        ['S7003', '阿依古丽·买买提', '女', '三年级二班', '２０１６年３月７日',
         resident_id('341723', D(2016, 3, 7), 42), '√',
         '买买提', '13800000002', '新疆', '古丽', '13800000003', '新疆', '买买提', '父亲'],
        ['S7004', '赵 刚', '男', '3.2', '2016/3/8 0:00:00',
         resident_id('341723', D(2016, 3, 8), 31), '×',
         '赵国庆', '13800000004', '上海市', '钱丽', '13800000005', '上海市', '赵文', '爷爷'],
        ['S7005', '孙丽', '女', '3（2）班', '2016.3.9',
         resident_id('341723', D(2016, 3, 9), 62), '否',
         '孙伟', '13800000006', '广东省', None, None, None, '孙伟', '父亲'],
    ]


def date_style(cell):
    cell.number_format = 'yyyy"年"m"月"d"日"'


def wps_intake(out):
    """The issue's sheet: what a class teacher fills in WPS."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = '登记表'
    n = len(HEAD_TOP)
    ws.append([TITLE])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
    ws.append(['填表日期：2026年9月1日', None, None, None, None, None, None,
               None, None, None, '班主任：李老师'])
    ws.append(HEAD_TOP)
    ws.append(HEAD_LOW)
    for c in range(1, 8):
        ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)
    ws.merge_cells('H3:J3')
    ws.merge_cells('K3:M3')
    ws.merge_cells('N3:O3')
    rows = children()
    for i, r in enumerate(rows):
        ws.append(r)
        if isinstance(r[4], D):
            date_style(ws.cell(row=ws.max_row, column=5))
        if i == 2:
            ws.append([])   # a blank row between children
    ws.append(['合计 %d人' % len(rows)])
    ws.append(['制表人：李老师', None, None, None, '审核人：王校长'])
    wb.save(out)


def xls_intake(out):
    """The same sheet saved as .xls (Excel 97-2003) by xlwt."""
    wb = xlwt.Workbook(encoding='utf-8')
    ws = wb.add_sheet('登记表')
    datefmt = xlwt.easyxf(num_format_str='YYYY-MM-DD')
    n = len(HEAD_TOP)
    ws.write_merge(0, 0, 0, n - 1, TITLE)
    ws.write(1, 0, '填表日期：2026年9月1日')
    for c, v in enumerate(HEAD_TOP):
        if v is not None:
            ws.write(2, c, v)
    for c, v in enumerate(HEAD_LOW):
        if v is not None:
            ws.write(3, c, v)
    r = 4
    for row in children():
        for c, v in enumerate(row):
            if isinstance(v, D):
                ws.write(r, c, v, datefmt)
            elif v is not None:
                ws.write(r, c, v)
        r += 1
    ws.write(r, 0, '合计 5人')
    wb.save(out)


def two_sheets(out):
    """A 填表说明 sheet first, the list second (named 名单)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = '填表说明'
    ws.append(['请按班级填写，出生日期写成2016-03-07。'])
    ws2 = wb.create_sheet('名单')
    ws2.append(['学号', '姓名', '班级', '出生日期'])
    ws2.append(['S7101', '周一', '2-1', '2017-04-01'])
    ws2.append(['S7102', '吴二', '二(1)班', D(2017, 5, 2)])
    date_style(ws2.cell(row=3, column=4))
    wb.save(out)


def sci_id(out):
    """An ID typed into a number cell: Excel keeps 15 digits."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(['学号', '姓名', '班级', '身份证号', '父亲电话'])
    ws.append(['S7201', '郑三', '4-1', 341723201503071234, 13812345678])
    wb.save(out)


def staff(out):
    """The staff list as the office keeps it, title row included."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(['清水镇中心小学教师名单'])
    ws.append(['工号', '教师姓名', '职务', '任教班级', '邮箱', '手机', '最多帮扶人数', '是否在岗'])
    ws.append(['T01', '李 老师', '班主任', '三(2)班', 'li@qs.example.com', 13900000001, 6, '是'])
    ws.append(['T02', '王老师', '任课教师', '3-2', 'wang@qs.example.com', 13900000002, 6, '√'])
    ws.append(['T03', '陈老师', '任课教师', '3-2', 'chen@qs.example.com', 13900000003, 6, '否'])
    wb.save(out)


def log(out):
    """A contact log kept in a sheet: dates as date cells, a title row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(['谈心谈话记录'])
    ws.append(['日期', '学号', '类型', '教师工号', '内容'])
    for d, s, k, t, note in [
            (D(2026, 9, 8), 'S7001', '谈心', 'T01', '想妈妈'),
            (D(2026, 9, 9), 'S7002', '家访', 'T01', '奶奶身体好'),
            (D(2026, 9, 10), 'S7003', '谈心', 'T02', '')]:
        ws.append([d, s, k, t, note])
        ws.cell(row=ws.max_row, column=1).number_format = 'yyyy-mm-dd'
    wb.save(out)


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: mk.py NAME OUT')
    name, out = sys.argv[1], sys.argv[2]
    fixtures = {'wps-intake': wps_intake, 'xls-intake': xls_intake,
                'two-sheets': two_sheets, 'sci-id': sci_id, 'staff': staff,
                'log': log}
    if name not in fixtures:
        sys.exit('mk.py: no fixture %r (expected one of %s)' %
                 (name, ', '.join(sorted(fixtures))))
    fixtures[name](out)


if __name__ == '__main__':
    main()
