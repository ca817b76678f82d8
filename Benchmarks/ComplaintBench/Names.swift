// Chinese names: people, estates, phone numbers. Everything is derived from a hash, so an owner
// or an estate costs no memory: the same number always gives the same name.

enum Names {
    /// Common surnames, roughly in order of frequency (the first ones are drawn more often).
    static let surnames: [String] = [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高",
        "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁",
        "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔",
        "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦",
        "邱", "江", "尹", "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵",
        "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤", "欧阳", "司马", "上官",
    ]

    /// Characters of given names.
    static let givenCharacters: [String] = [
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞",
        "平", "刚", "华", "玲", "桂", "英", "建", "国", "文", "辉", "燕", "红", "鹏", "宇", "浩", "凯", "婷", "雪",
        "琳", "晨", "欣", "怡", "佳", "子", "梓", "涵", "轩", "博", "思", "雨", "俊", "嘉", "颖", "晓", "秀", "兰",
        "志", "德", "海", "永", "春", "慧", "丹", "亮", "斌", "峰", "萍", "倩", "瑶", "悦", "诗", "一", "可", "昊",
    ]

    /// Mobile prefixes of the three mainland carriers (the digit after 1 is 3–9).
    static let mobilePrefixes: [String] = [
        "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150", "151", "152",
        "153", "155", "156", "157", "158", "159", "166", "170", "173", "175", "176", "177", "178", "180", "181",
        "182", "183", "184", "185", "186", "187", "188", "189", "191", "193", "195", "198", "199",
    ]

    /// A person's name from 64 random bits: a surname (skewed to the common ones) and one or two characters.
    static func person(_ bits: UInt64) -> String {
        // Squaring a uniform fraction favours small indexes, as real surname frequencies do.
        let f = Double(bits & 0xFFFF) / 65_536
        let surname = surnames[Int(f * f * Double(surnames.count))]
        let first = givenCharacters[Int((bits >> 16) % UInt64(givenCharacters.count))]
        if (bits >> 40) % 10 < 3 { return surname + first }
        let second = givenCharacters[Int((bits >> 24) % UInt64(givenCharacters.count))]
        return surname + first + second
    }

    /// A valid mainland mobile number, 1[3-9] + 9 digits.
    static func mobile(_ bits: UInt64) -> String {
        let prefix = mobilePrefixes[Int(bits % UInt64(mobilePrefixes.count))]
        let rest = (bits >> 8) % 100_000_000
        let digits = String(rest)
        return prefix + String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// First words of estate names.
    static let estateHeads: [String] = [
        "翠苑", "金色", "阳光", "世纪", "锦绣", "碧桂", "华府", "绿城", "东方", "海棠", "枫林", "香榭", "御景", "天悦",
        "星河", "紫荆", "嘉和", "云顶", "水岸", "湖畔", "春江", "明珠", "丽都", "观澜", "滨江", "桃源", "玉兰", "秀水",
        "长安", "锦江", "碧水", "凤凰", "盛世", "和平", "幸福", "康乐", "书香", "文华", "银杏", "梧桐", "翡翠", "蓝湾",
        "金地", "鸿福", "景园", "青山", "龙湖", "万和", "晨曦", "怡景", "名都", "恒大", "新城", "富力", "雅居", "清华",
        "朝阳", "百合", "兰亭", "听涛", "望江", "玫瑰", "丹桂", "南山", "北辰", "西溪", "东湖", "未来", "国际", "中央",
        "紫金", "红树", "月湖", "泰和", "瑞景", "宏远", "华侨", "金桥", "永安", "太阳",
    ]

    /// Endings of estate names.
    static let estateTails: [String] = [
        "小区", "花园", "家园", "苑", "城", "公寓", "广场", "华庭", "名邸", "雅苑", "山庄", "新村", "公馆", "府",
        "湾", "里", "嘉园", "新城", "庭院", "佳苑", "花园一期", "花园二期", "家园三期", "国际社区",
    ]

    /// District words that tell apart estates that would otherwise share a name.
    static let districts: [String] = ["", "城东", "城西", "滨湖", "高新", "南湖", "北园", "江北", "开发区"]

    /// The name of estate `index`: distinct for every index below 19,440; the first 1,920 have no district word.
    static func estate(_ index: Int, seed: UInt64) -> String {
        let heads = estateHeads.count
        let tails = estateTails.count
        let round = heads * tails
        // An affine map with a multiplier coprime to the round's size is a permutation of it.
        var multiplier = Int(mix(seed ^ 0xE57A7E) % UInt64(round)) | 1
        while gcd(multiplier, round) != 1 { multiplier += 2 }
        let k = ((index % round) * multiplier + Int(seed % 997)) % round
        let district = districts[(index / round) % districts.count]
        return district + estateHeads[k % heads] + estateTails[k / heads]
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
