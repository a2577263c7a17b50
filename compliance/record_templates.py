"""Templates of records' `__init__` without default factories, written out so that Python keeps them
compiled with the package. Generated: `compliance.records.templates_module()`."""
# mypy: ignore-errors
# ruff: noqa


def _0(self):
    pass


def _1(self, _0):
    __set(self, '\x000', _0)


def _2(self, _0, _1):
    __set(self, '\x000', _0)
    __set(self, '\x001', _1)


def _3(self, _0, _1, _2):
    __set(self, '\x000', _0)
    __set(self, '\x001', _1)
    __set(self, '\x002', _2)


def _4(self, _0, _1, _2, _3):
    __set(self, '\x000', _0)
    __set(self, '\x001', _1)
    __set(self, '\x002', _2)
    __set(self, '\x003', _3)


def _5(self, _0, _1, _2, _3, _4):
    __set(self, '\x000', _0)
    __set(self, '\x001', _1)
    __set(self, '\x002', _2)
    __set(self, '\x003', _3)
    __set(self, '\x004', _4)


def _6(self, _0, _1, _2, _3, _4, _5):
    __set(self, '\x000', _0)
    __set(self, '\x001', _1)
    __set(self, '\x002', _2)
    __set(self, '\x003', _3)
    __set(self, '\x004', _4)
    __set(self, '\x005', _5)


def _7(self, _0, _1, _2, _3, _4, _5, _6):
    __set(self, '\x000', _0)
    __set(self, '\x001', _1)
    __set(self, '\x002', _2)
    __set(self, '\x003', _3)
    __set(self, '\x004', _4)
    __set(self, '\x005', _5)
    __set(self, '\x006', _6)


def _8(self, _0, _1, _2, _3, _4, _5, _6, _7):
    __set(self, '\x000', _0)
    __set(self, '\x001', _1)
    __set(self, '\x002', _2)
    __set(self, '\x003', _3)
    __set(self, '\x004', _4)
    __set(self, '\x005', _5)
    __set(self, '\x006', _6)
    __set(self, '\x007', _7)


def _9(self, _0, _1, _2, _3, _4, _5, _6, _7, _8):
    __set(self, '\x000', _0)
    __set(self, '\x001', _1)
    __set(self, '\x002', _2)
    __set(self, '\x003', _3)
    __set(self, '\x004', _4)
    __set(self, '\x005', _5)
    __set(self, '\x006', _6)
    __set(self, '\x007', _7)
    __set(self, '\x008', _8)


def _10(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9):
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


def _11(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10):
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


def _12(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11):
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


def _13(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12):
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


def _14(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13):
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


def _15(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14):
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


def _16(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15):
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


def _17(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16):
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


def _18(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17):
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


def _19(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18):
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


def _20(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18, _19):
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


def _21(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18, _19, _20):
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


def _22(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18, _19, _20, _21):
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


def _23(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18, _19, _20, _21, _22):
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
    __set(self, '\x0022', _22)


def _24(self, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18, _19, _20, _21, _22, _23):
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
    __set(self, '\x0022', _22)
    __set(self, '\x0023', _23)
