"""The code of record `__init__`s, written out: what `records._source` writes for each shape of the package's
records, so that `records._template` finds it here instead of compiling that text at run time (~0.13 ms a shape;
a check made 18). Only the shapes in use: each one written out is read (unmarshalled) by every run.

Each function is a template, never called as it stands: `records._init` copies its code for one record with the
record's names in place of `_0, _1...` and of the constants `"\\x00<i>"`, and gives it the globals it names
(`__set`, `__factory`, `__f_<i>`). tests/test_record_templates.py proves each one's code equal to the code
`records._compiled` compiles from `records._source` (instructions, constants, names, flags, line table) and
that every record of the package finds its shape here; it prints the text of a missing shape. The future import
below is not for annotations: `records` has it, and `exec` there passes its flag on to the code it compiles, so
these have it too.
"""
# ruff: noqa: F821
# mypy: ignore-errors

from __future__ import annotations


def init_1(self, _0):
    __set(self, '\x000', _0)


def init_2(self, _0, _1):
    __set(self, '\x000', _0)
    __set(self, '\x001', _1)


def init_3(self, _0, _1, _2):
    __set(self, '\x000', _0)
    __set(self, '\x001', _1)
    __set(self, '\x002', _2)


def init_4(self, _0, _1, _2, _3):
    __set(self, '\x000', _0)
    __set(self, '\x001', _1)
    __set(self, '\x002', _2)
    __set(self, '\x003', _3)


def init_5(self, _0, _1, _2, _3, _4):
    __set(self, '\x000', _0)
    __set(self, '\x001', _1)
    __set(self, '\x002', _2)
    __set(self, '\x003', _3)
    __set(self, '\x004', _4)


def init_6(self, _0, _1, _2, _3, _4, _5):
    __set(self, '\x000', _0)
    __set(self, '\x001', _1)
    __set(self, '\x002', _2)
    __set(self, '\x003', _3)
    __set(self, '\x004', _4)
    __set(self, '\x005', _5)


def init_7(self, _0, _1, _2, _3, _4, _5, _6):
    __set(self, '\x000', _0)
    __set(self, '\x001', _1)
    __set(self, '\x002', _2)
    __set(self, '\x003', _3)
    __set(self, '\x004', _4)
    __set(self, '\x005', _5)
    __set(self, '\x006', _6)


def init_8(self, _0, _1, _2, _3, _4, _5, _6, _7):
    __set(self, '\x000', _0)
    __set(self, '\x001', _1)
    __set(self, '\x002', _2)
    __set(self, '\x003', _3)
    __set(self, '\x004', _4)
    __set(self, '\x005', _5)
    __set(self, '\x006', _6)
    __set(self, '\x007', _7)


def init_9(self, _0, _1, _2, _3, _4, _5, _6, _7, _8):
    __set(self, '\x000', _0)
    __set(self, '\x001', _1)
    __set(self, '\x002', _2)
    __set(self, '\x003', _3)
    __set(self, '\x004', _4)
    __set(self, '\x005', _5)
    __set(self, '\x006', _6)
    __set(self, '\x007', _7)
    __set(self, '\x008', _8)


def init_10(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9):
    __set(self, '\x000', _0)
    __set(self, '\x001', _1)
    __set(self, '\x002', _2)
    __set(self, '\x003', _3)
    __set(self, '\x004', _4)
    __set(self, '\x005', _5)
    __set(self, '\x006', _6)
    __set(self, '\x007', _7)
    __set(self, '\x008', _8)
    __set(self, '\x009', _9)


def init_11(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10):
    __set(self, '\x000', _0)
    __set(self, '\x001', _1)
    __set(self, '\x002', _2)
    __set(self, '\x003', _3)
    __set(self, '\x004', _4)
    __set(self, '\x005', _5)
    __set(self, '\x006', _6)
    __set(self, '\x007', _7)
    __set(self, '\x008', _8)
    __set(self, '\x009', _9)
    __set(self, '\x0010', _10)


def init_12(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11):
    __set(self, '\x000', _0)
    __set(self, '\x001', _1)
    __set(self, '\x002', _2)
    __set(self, '\x003', _3)
    __set(self, '\x004', _4)
    __set(self, '\x005', _5)
    __set(self, '\x006', _6)
    __set(self, '\x007', _7)
    __set(self, '\x008', _8)
    __set(self, '\x009', _9)
    __set(self, '\x0010', _10)
    __set(self, '\x0011', _11)


def init_13(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12):
    __set(self, '\x000', _0)
    __set(self, '\x001', _1)
    __set(self, '\x002', _2)
    __set(self, '\x003', _3)
    __set(self, '\x004', _4)
    __set(self, '\x005', _5)
    __set(self, '\x006', _6)
    __set(self, '\x007', _7)
    __set(self, '\x008', _8)
    __set(self, '\x009', _9)
    __set(self, '\x0010', _10)
    __set(self, '\x0011', _11)
    __set(self, '\x0012', _12)


def init_19(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18):
    __set(self, '\x000', _0)
    __set(self, '\x001', _1)
    __set(self, '\x002', _2)
    __set(self, '\x003', _3)
    __set(self, '\x004', _4)
    __set(self, '\x005', _5)
    __set(self, '\x006', _6)
    __set(self, '\x007', _7)
    __set(self, '\x008', _8)
    __set(self, '\x009', _9)
    __set(self, '\x0010', _10)
    __set(self, '\x0011', _11)
    __set(self, '\x0012', _12)
    __set(self, '\x0013', _13)
    __set(self, '\x0014', _14)
    __set(self, '\x0015', _15)
    __set(self, '\x0016', _16)
    __set(self, '\x0017', _17)
    __set(self, '\x0018', _18)


def init_22(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18, _19, _20, _21):
    __set(self, '\x000', _0)
    __set(self, '\x001', _1)
    __set(self, '\x002', _2)
    __set(self, '\x003', _3)
    __set(self, '\x004', _4)
    __set(self, '\x005', _5)
    __set(self, '\x006', _6)
    __set(self, '\x007', _7)
    __set(self, '\x008', _8)
    __set(self, '\x009', _9)
    __set(self, '\x0010', _10)
    __set(self, '\x0011', _11)
    __set(self, '\x0012', _12)
    __set(self, '\x0013', _13)
    __set(self, '\x0014', _14)
    __set(self, '\x0015', _15)
    __set(self, '\x0016', _16)
    __set(self, '\x0017', _17)
    __set(self, '\x0018', _18)
    __set(self, '\x0019', _19)
    __set(self, '\x0020', _20)
    __set(self, '\x0021', _21)


def init_2_f1(self, _0, _1):
    __set(self, '\x000', _0)
    __set(self, '\x001', __f_1() if _1 is __factory else _1)


def init_11_f9(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10):
    __set(self, '\x000', _0)
    __set(self, '\x001', _1)
    __set(self, '\x002', _2)
    __set(self, '\x003', _3)
    __set(self, '\x004', _4)
    __set(self, '\x005', _5)
    __set(self, '\x006', _6)
    __set(self, '\x007', _7)
    __set(self, '\x008', _8)
    __set(self, '\x009', __f_9() if _9 is __factory else _9)
    __set(self, '\x0010', _10)


def init_12_f7_f9_f10(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11):
    __set(self, '\x000', _0)
    __set(self, '\x001', _1)
    __set(self, '\x002', _2)
    __set(self, '\x003', _3)
    __set(self, '\x004', _4)
    __set(self, '\x005', _5)
    __set(self, '\x006', _6)
    __set(self, '\x007', __f_7() if _7 is __factory else _7)
    __set(self, '\x008', _8)
    __set(self, '\x009', __f_9() if _9 is __factory else _9)
    __set(self, '\x0010', __f_10() if _10 is __factory else _10)
    __set(self, '\x0011', _11)


def init_14_f13(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13):
    __set(self, '\x000', _0)
    __set(self, '\x001', _1)
    __set(self, '\x002', _2)
    __set(self, '\x003', _3)
    __set(self, '\x004', _4)
    __set(self, '\x005', _5)
    __set(self, '\x006', _6)
    __set(self, '\x007', _7)
    __set(self, '\x008', _8)
    __set(self, '\x009', _9)
    __set(self, '\x0010', _10)
    __set(self, '\x0011', _11)
    __set(self, '\x0012', _12)
    __set(self, '\x0013', __f_13() if _13 is __factory else _13)


# (fields, positions of the fields with a default_factory): the template of that shape
WRITTEN = {
    (1, ()): init_1,
    (2, ()): init_2,
    (3, ()): init_3,
    (4, ()): init_4,
    (5, ()): init_5,
    (6, ()): init_6,
    (7, ()): init_7,
    (8, ()): init_8,
    (9, ()): init_9,
    (10, ()): init_10,
    (11, ()): init_11,
    (12, ()): init_12,
    (13, ()): init_13,
    (19, ()): init_19,
    (22, ()): init_22,
    (2, (1,)): init_2_f1,
    (11, (9,)): init_11_f9,
    (12, (7, 9, 10)): init_12_f7_f9_f10,
    (14, (13,)): init_14_f13,
}
