#!/usr/bin/env python3
"""wps.py: write examples/intake-wps.xlsx, a class teacher's sheet as WPS saves it.

Usage: python3 examples/gen/wps.py [OUT]   (default: examples/intake-wps.xlsx)

Four pupils who joined class 3-2 after the autumn survey (插班生), in the
sheet their class teacher keeps: a merged title row, a 填表日期 line, a
two-level header merged over the parents' and the guardian's columns,
birth dates as date cells (one typed as text, one left as Excel's serial
number), the class written 三(2)班 and 3年级2班, yes and no as 是/否, a
blank row and a 合计 footer.  Written by openpyxl, not by lb (lb reads
what other programs write).  The cells are fixed, so a run writes the
same sheet (the zip's timestamps aside).
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
from openpyxl.styles import Alignment, Font

D = datetime.date


def resident_id(birth, seq):
    """An 18-character resident ID (GB 11643) of 青阳县 with its check character."""
    body = '341723%s%03d' % (birth.strftime('%Y%m%d'), seq)
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + '10X98765432'[sum(int(c) * k for c, k in zip(body, w)) % 11]


TOP = ['学籍号', '姓名', '性别', '出生日期', '身份证号', '班级', '所在村组', '家庭住址',
       '是否寄宿', '父亲', None, None, None, '母亲', None, None, None,
       '监护人', None, None, None, None, None, None, None, '关注等级', '入档日期', '备注']
LOW = [None] * 9 + ['姓名', '电话', '务工地点', '务工省份'] * 2 + \
      ['姓名', '与学生关系', '电话', '年龄', '身体状况', '文化程度', '职业', '住址'] + \
      [None] * 3
PUPILS = [
    ['S4201', '程 子涵', '女', D(2017, 8, 15), resident_id(D(2017, 8, 15), 2), '三(2)班',
     '青山村三组', '青阳县青山乡青山村三组12号', '否',
     '程刚', '13856001234', '浙江宁波某电子厂', '浙江省',
     '吴敏', '13856005678', '浙江宁波某电子厂', '浙江省',
     '程德明', '爷爷', '13956002345', 66, '一般', '小学', '务农', '青阳县青山乡青山村三组12号', '', D(2026, 10, 12), '从宁波转学回乡'],
    ['S4202', '胡一鸣', '男', '2017年11月3日', resident_id(D(2017, 11, 3), 3), '3年级2班',
     '松林村一组', '青阳县青山乡松林村一组8号', '是',
     '胡建国', '13856001235', '广东东莞某家具厂', '广东省',
     '', '', '', '',
     '胡秀兰', '奶奶', '13956002346', 63, '良好', '文盲', '务农', '青阳县青山乡松林村一组8号', '重点关注', D(2026, 10, 12), '母亲已故'],
    ['S4203', '潘 雨欣', '女', 43108, resident_id(D(2018, 1, 8), 4), '三(2)班',
     '杨柳村四组', '青阳县青山乡杨柳村四组21号', '否',
     '潘勇', '13856001236', '江苏苏州某工地', '江苏省',
     '方芳', '13856005680', '', '',
     '方芳', '母亲', '13856005680', 34, '良好', '初中', '务农', '青阳县青山乡杨柳村四组21号', '', D(2026, 10, 20), ''],
    ['S4204', '陶俊杰', '男', D(2017, 6, 30), resident_id(D(2017, 6, 30), 5), '3年级2班',
     '双河村二组', '青阳县青山乡双河村二组5号', '否',
     '陶明', '13856001237', '上海某物流公司', '上海市',
     '许丽', '13856005681', '上海某物流公司', '上海市',
     '陶春生', '外公', '13956002348', 68, '较差', '小学', '务农', '青阳县青山乡双河村二组5号', '', D(2026, 11, 2), '外公腿脚不便'],
]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), '..', 'intake-wps.xlsx')
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = '插班生登记表'
    n = len(TOP)
    ws.append(['青山乡中心小学三年级(2)班留守儿童信息登记表（插班生）'])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
    ws['A1'].font = Font(bold=True, size=14)
    ws['A1'].alignment = Alignment(horizontal='center')
    ws.append(['填表日期：2026年11月5日', None, None, None, None, None, None, None,
               None, None, None, None, None, None, None, None, None, None, None,
               '班主任：汪老师'])
    ws.append(TOP)
    ws.append(LOW)
    for c, v in enumerate(TOP, 1):
        if v is not None and LOW[c - 1] is None:
            ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)
    ws.merge_cells('J3:M3')
    ws.merge_cells('N3:Q3')
    ws.merge_cells('R3:Y3')
    for row in (3, 4):
        for cell in ws[row]:
            cell.font = Font(bold=True)
    for i, p in enumerate(PUPILS):
        ws.append(p)
        r = ws.max_row
        for c in (4, 27):
            if isinstance(ws.cell(row=r, column=c).value, D):
                ws.cell(row=r, column=c).number_format = 'yyyy"年"m"月"d"日"'
        ws.cell(row=r, column=5).number_format = '@'
        if i == 1:
            ws.append([])
    ws.append(['合计：%d人' % len(PUPILS)])
    ws.append(['填表人：汪老师', None, None, None, None, None, None, None, None,
               '审核人：程立新'])
    wb.save(out)


if __name__ == '__main__':
    main()
