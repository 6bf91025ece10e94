//! Word lists for recognising Vietnamese government agencies (SPEC §5.2, §5.6).
//!
//! In: nothing — this file is data only. Out: `const` tables read by `crate::agency`.
//! Every table is documented with how it is matched. Tables hold *kinds* of words (head
//! words, department fields, administrative units, titles, verbs), never the proper names of
//! provinces, districts or people: those are always read from the text itself.
//!
//! To extend: add a row to the right table. Multi-word entries are matched word by word;
//! unless a table says otherwise, matching ignores case but not tone marks.

/// Abbreviations and their expansions (SPEC §5.2 rule 1).
///
/// Matched as whole words, case-sensitively, and also after removing tone marks and the
/// `Đ`/`D` distinction (so the OCR confusion `UBNĐ` finds `UBND`). Longer rows are tried first,
/// so `NN&PTNT` wins over `PTNT`. Multi-word abbreviations (`NN và PTNT`) are allowed.
pub const ABBREVIATIONS: &[(&str, &str)] = &[
    ("UBMTTQVN", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("UBMTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("MTTQVN", "Mặt trận Tổ quốc Việt Nam"),
    ("MTTQ", "Mặt trận Tổ quốc"),
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("NN&PTNT", "Nông nghiệp và Phát triển nông thôn"),
    ("NN và PTNT", "Nông nghiệp và Phát triển nông thôn"),
    ("NNPTNT", "Nông nghiệp và Phát triển nông thôn"),
    ("NN&MT", "Nông nghiệp và Môi trường"),
    ("NN và MT", "Nông nghiệp và Môi trường"),
    ("PTNT", "Phát triển nông thôn"),
    ("KH&ĐT", "Kế hoạch và Đầu tư"),
    ("KHĐT", "Kế hoạch và Đầu tư"),
    ("KH&CN", "Khoa học và Công nghệ"),
    ("KHCN", "Khoa học và Công nghệ"),
    ("TN&MT", "Tài nguyên và Môi trường"),
    ("TNMT", "Tài nguyên và Môi trường"),
    ("TT&TT", "Thông tin và Truyền thông"),
    ("TTTT", "Thông tin và Truyền thông"),
    ("GD&ĐT", "Giáo dục và Đào tạo"),
    ("GDĐT", "Giáo dục và Đào tạo"),
    ("LĐTB&XH", "Lao động - Thương binh và Xã hội"),
    ("LĐ-TB&XH", "Lao động - Thương binh và Xã hội"),
    ("LĐTBXH", "Lao động - Thương binh và Xã hội"),
    ("VHTTDL", "Văn hóa, Thể thao và Du lịch"),
    ("VH,TT&DL", "Văn hóa, Thể thao và Du lịch"),
    ("VHTT&DL", "Văn hóa, Thể thao và Du lịch"),
    ("GTVT", "Giao thông vận tải"),
    ("NTM", "nông thôn mới"),
    ("VPĐP", "Văn phòng Điều phối"),
    ("BCĐ", "Ban Chỉ đạo"),
    ("BQL", "Ban Quản lý"),
    ("BHXH", "Bảo hiểm xã hội"),
    ("BCHQS", "Bộ Chỉ huy Quân sự"),
    ("CHQS", "Chỉ huy Quân sự"),
    ("BĐBP", "Bộ đội Biên phòng"),
    ("KBNN", "Kho bạc Nhà nước"),
    ("NHNN", "Ngân hàng Nhà nước"),
    ("NHCSXH", "Ngân hàng Chính sách xã hội"),
    ("LĐLĐ", "Liên đoàn Lao động"),
    ("HLHPN", "Hội Liên hiệp Phụ nữ"),
    ("HND", "Hội Nông dân"),
    ("CCB", "Cựu chiến binh"),
    ("HTX", "Hợp tác xã"),
    ("THT", "Tổ hợp tác"),
    ("KTTT", "kinh tế tập thể"),
    ("MTQG", "mục tiêu quốc gia"),
    ("KCN", "khu công nghiệp"),
    ("KKT", "Khu kinh tế"),
    ("CNC", "công nghệ cao"),
    ("CNTT", "công nghệ thông tin"),
    ("VP", "Văn phòng"),
    ("TW", "Trung ương"),
    ("TP", "thành phố"),
    ("TX", "thị xã"),
];

/// Official names of provincial departments (Sở) and ministries (Bộ), before and after the
/// 2025 mergers. A mention whose head is `Sở`/`Bộ` is compared with these by edit distance on
/// the de-accented, punctuation-free form, so a missing comma, hyphen or `và`, a stray
/// punctuation mark or a small OCR slip is repaired (`Sở Văn hóa Thể thao và Du lịch`,
/// `Sở Lao động Thương binh và Xã hội`). Anything written after the matched name (a place
/// qualifier) is kept as written.
pub const OFFICIAL_DEPARTMENT_NAMES: &[&str] = &[
    // Provincial departments (Sở), including the post-2025 merged ones.
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Kế hoạch và Đầu tư",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Nông nghiệp và Môi trường",
    "Sở Giao thông vận tải",
    "Sở Xây dựng",
    "Sở Tài nguyên và Môi trường",
    "Sở Thông tin và Truyền thông",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Văn hóa và Thể thao",
    "Sở Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Ngoại vụ",
    "Sở Dân tộc và Tôn giáo",
    "Sở Quy hoạch - Kiến trúc",
    "Sở An toàn thực phẩm",
    // Ministries (Bộ) and ministry-level bodies.
    "Bộ Quốc phòng",
    "Bộ Công an",
    "Bộ Ngoại giao",
    "Bộ Nội vụ",
    "Bộ Tư pháp",
    "Bộ Kế hoạch và Đầu tư",
    "Bộ Tài chính",
    "Bộ Công Thương",
    "Bộ Nông nghiệp và Phát triển nông thôn",
    "Bộ Nông nghiệp và Môi trường",
    "Bộ Giao thông vận tải",
    "Bộ Xây dựng",
    "Bộ Tài nguyên và Môi trường",
    "Bộ Thông tin và Truyền thông",
    "Bộ Lao động - Thương binh và Xã hội",
    "Bộ Văn hóa, Thể thao và Du lịch",
    "Bộ Khoa học và Công nghệ",
    "Bộ Giáo dục và Đào tạo",
    "Bộ Y tế",
    "Bộ Dân tộc và Tôn giáo",
    "Bộ Chỉ huy Quân sự",
    "Bộ Chỉ huy Bộ đội Biên phòng",
    "Phòng Kinh tế",
    "Phòng Văn hóa - Xã hội",
    "Phòng Kinh tế, Hạ tầng và Đô thị",
    "Phòng Nội vụ",
    "Phòng Tư pháp",
    "Phòng Tài chính - Kế hoạch",
    "Phòng Y tế",
    "Phòng Giáo dục và Đào tạo",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Nông nghiệp và Môi trường",
    "Phòng Văn hóa và Thông tin",
    "Phòng Lao động - Thương binh và Xã hội",
    "Phòng Quản lý đô thị",
];

/// Multi-word pieces of official names with their official spelling and capitalisation.
///
/// Matched exactly on the de-accented, lower-cased form, word by word, skipping stray `-` and
/// `,` between words (`Nông - nghiệp`, `Phát, triển`). A match is rewritten in this spelling and
/// is never split (the `và` and commas inside it are part of the name). Longest rows win.
pub const NAME_FRAGMENTS: &[&str] = &[
    "Nông nghiệp và Phát triển nông thôn",
    "Nông nghiệp và Môi trường",
    "Tài nguyên và Môi trường",
    "Kế hoạch và Đầu tư",
    "Khoa học và Công nghệ",
    "Thông tin và Truyền thông",
    "Giáo dục và Đào tạo",
    "Lao động - Thương binh và Xã hội",
    "Văn hóa, Thể thao và Du lịch",
    "Dân tộc và Tôn giáo",
    "Giao thông vận tải",
    "Ủy ban nhân dân",
    "Hội đồng nhân dân",
    "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Mặt trận Tổ quốc Việt Nam",
    "Ban Thường trực",
    "Văn phòng Điều phối",
    "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân",
    "xây dựng nông thôn mới",
    "Chương trình mục tiêu quốc gia",
    "Liên minh Hợp tác xã",
    "Ban Quản lý Khu kinh tế",
    "Ban Quản lý dự án đầu tư xây dựng",
    "Ban Chỉ đạo",
    "Ban Tuyên giáo và Dân vận",
    "Ban Tuyên giáo",
    "Ban Dân vận",
    "Ban Tổ chức",
    "Ban Dân tộc",
    "Ban Thi đua - Khen thưởng",
    "Bộ Chỉ huy Quân sự",
    "Bộ Chỉ huy Bộ đội Biên phòng",
    "Ngân hàng Nhà nước",
    "Ngân hàng Chính sách xã hội",
    "Kho bạc Nhà nước",
    "Bảo hiểm xã hội",
    "Hội Nông dân",
    "Hội Liên hiệp Phụ nữ",
    "Hội Cựu chiến binh",
    "Liên đoàn Lao động",
    "Liên hiệp các Hội Khoa học và Kỹ thuật",
    "Đài Phát thanh và Truyền hình",
    "Báo và Phát thanh, Truyền hình",
    "Chi nhánh",
    "Khu vực",
    "Tỉnh đoàn",
    "Tỉnh ủy",
    "Thành ủy",
    "Huyện ủy",
    "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân",
];

/// Head words: the words an agency name begins with (SPEC §5.2 rule 3). Matched at the start
/// of a list item with a capital first letter (as names are written); multi-word rows first.
/// A head only counts when a name follows it (a capitalised word, an abbreviation) unless it is
/// listed in [`STANDALONE_HEADS`]; so `Ban hành`, `Hội nghị`, `Báo cáo`, `Bộ đội` are not heads.
pub const HEAD_WORDS: &[&str] = &[
    "Ủy ban nhân dân",
    "Hội đồng nhân dân",
    "Ủy ban Mặt trận Tổ quốc",
    "Mặt trận Tổ quốc",
    "Ủy ban",
    "Hội đồng",
    "Bộ Chỉ huy",
    "Bảo hiểm xã hội",
    "Bảo hiểm",
    "Kho bạc",
    "Văn phòng",
    "Liên minh",
    "Liên hiệp",
    "Liên đoàn",
    "Hiệp hội",
    "Ngân hàng",
    "Công an",
    "Chi cục",
    "Tổng cục",
    "Cục",
    "Vụ",
    "Trung tâm",
    "Đài",
    "Báo",
    "Tỉnh đoàn",
    "Thành đoàn",
    "Tỉnh ủy",
    "Thành ủy",
    "Huyện ủy",
    "Đảng ủy",
    "Đoàn",
    "Sở",
    "Bộ",
    "Hội",
    "Ban",
    "Phòng",
    "Viện",
    "Học viện",
    "Trường",
    "Bệnh viện",
    "Thanh tra",
    "Tòa án",
    "Viện kiểm sát",
    "Tổng công ty",
    "Công ty",
    "Tập đoàn",
    "Quỹ",
    "Bưu điện",
    "Thuế",
    "Hải quan",
    "Điện lực",
    "Thư viện",
    "Trạm",
    "Chi bộ",
    "Đảng bộ",
    "Bảo tàng",
    "Nhà văn hóa",
];

/// Heads that name a whole agency even when only lower-case words or a level word follow
/// (`Ủy ban nhân dân các huyện`, `Công an tỉnh`, `Bảo hiểm xã hội`, `Tỉnh đoàn`).
pub const STANDALONE_HEADS: &[&str] = &[
    "Ủy ban nhân dân",
    "Hội đồng nhân dân",
    "Ủy ban Mặt trận Tổ quốc",
    "Mặt trận Tổ quốc",
    "Bảo hiểm xã hội",
    "Công an",
    "Tỉnh đoàn",
    "Thành đoàn",
    "Tỉnh ủy",
    "Thành ủy",
    "Huyện ủy",
    "Đảng ủy",
    "Ban Chỉ đạo",
    "Ban Quản lý",
    "Văn phòng Điều phối",
    "Bưu điện",
    "Thuế",
    "Hải quan",
    "Điện lực",
    "Thư viện",
    "Bảo tàng",
];

/// Heads that are never members of a collective list: after a comma or `và` they always start
/// a new agency (`Các bộ, ngành, Ủy ban nhân dân các tỉnh` splits before `Ủy ban`).
pub const NON_COLLECTIVE_HEADS: &[&str] = &["Ủy ban nhân dân", "Hội đồng nhân dân", "Ủy ban Mặt trận Tổ quốc", "Mặt trận Tổ quốc"];

/// Heads that may be repeated back to back without a separator in a badly converted cell
/// (`Sở Khoa học và Công nghệ Sở Công Thương`): a second occurrence starts a new agency.
pub const REPEATABLE_HEADS: &[&str] =
    &["Ủy ban nhân dân", "Sở", "Bộ", "Hội", "Ngân hàng", "Công an", "Báo", "Đài", "Liên minh", "Trung tâm", "Chi cục", "Cục", "Kho bạc"];

/// Kind nouns: the members of a collective phrase (`Các sở, ban, ngành`, `Viện, Trường`,
/// `Doanh nghiệp, nhà đầu tư`). Matched case-insensitively at the start of a list item. A kind
/// noun followed by a proper name (`huyện Cầu Kè`, `thành phố Gia Nghĩa`) is a named unit.
pub const KIND_NOUNS: &[&str] = &[
    "viện nghiên cứu",
    "trường đại học",
    "cơ sở nghiên cứu",
    "cơ sở đào tạo",
    "tổ chức cung cấp dịch vụ",
    "tổ chức khoa học và công nghệ",
    "doanh nghiệp viễn thông",
    "cơ quan ngang bộ",
    "cơ quan",
    "đơn vị",
    "chính quyền",
    "địa phương",
    "đoàn thể",
    "tổ chức",
    "hội nghề nghiệp",
    "hội",
    "doanh nghiệp",
    "hợp tác xã",
    "tổ hợp tác",
    "nhà đầu tư",
    "nhà cung cấp",
    "nhà khoa học",
    "cá nhân",
    "thành viên",
    "lực lượng",
    "ngân hàng",
    "cơ sở",
    "công ty",
    "sở",
    "ban",
    "ngành",
    "bộ",
    "phòng",
    "viện",
    "trường",
    "cục",
    "chi cục",
    "trung tâm",
    "thành phố",
    "thị xã",
    "thị trấn",
    "đặc khu",
    "huyện",
    "quận",
    "tỉnh",
    "xã",
    "phường",
    "chi bộ",
    "đảng bộ",
    "chi",
    "thư viện",
    "trạm y tế",
    "trạm",
    "thuế cơ sở",
    "cơ quan thuế",
];

/// Administrative units (SPEC §5.2 rule 4): a unit followed by a colon or proper names
/// (`06 huyện: A, B`, `TP Gia Nghĩa`) is distributed; the names after it are place names.
pub const ADMINISTRATIVE_UNITS: &[&str] = &["thành phố", "thị xã", "thị trấn", "đặc khu", "huyện", "quận", "tỉnh", "xã", "phường"];

/// Level words that may follow a kind noun or head without making it a named body
/// (`các sở, ban, ngành Tỉnh`, `ngành Thành phố`, `cấp xã`).
/// Slips for `tỉnh` met at the end of agency names (SPEC §5.2 rule 2: `Liên minh HTX tình`).
pub const LEVEL_WORD_TYPOS: &[&str] = &["tình", "tinh"];

pub const LEVEL_WORDS: &[&str] = &["thành phố", "tỉnh", "trung ương", "cấp tỉnh", "cấp huyện", "cấp xã", "huyện", "xã"];

/// Words that make `tổ chức` a noun (`tổ chức chính trị - xã hội`, `tổ chức thành viên`)
/// rather than the verb "to organise" (`phối hợp tổ chức tập huấn`).
pub const ORGANIZATION_MODIFIERS: &[&str] = &[
    "chính trị",
    "xã hội",
    "thành viên",
    "tín dụng",
    "cung cấp",
    "kinh tế",
    "đoàn thể",
    "liên quan",
    "có liên quan",
    "khoa học",
    "quốc tế",
    "phi chính phủ",
    "hội",
    "đại diện",
    ",",
    "và",
];

/// Titles of office holders (SPEC §5.6 "Titles are not agencies"): dropped before the body
/// they head (`Thủ trưởng các sở` → `các sở`, `Chủ tịch UBND` → `UBND`). Case-insensitive;
/// longer rows first.
pub const TITLE_WORDS: &[&str] = &[
    "Phó Chủ tịch",
    "Chủ tịch",
    "Phó Giám đốc",
    "Tổng Giám đốc",
    "Giám đốc",
    "Thủ trưởng",
    "Bộ trưởng",
    "Thứ trưởng",
    "Phó Trưởng ban",
    "Trưởng ban",
    "Người đứng đầu",
    "Lãnh đạo",
    "Chánh Văn phòng",
    "Cục trưởng",
    "Chi cục trưởng",
    "Viện trưởng",
    "Hiệu trưởng",
    "Chỉ huy trưởng",
    "Trưởng",
];

/// Words that open a directive before its addressees (`Giao Sở X`, `Đề nghị A, B`,
/// `yêu cầu các sở`, `Đối với các huyện`); dropped from agency names (SPEC §5.2 rule 5).
pub const DIRECTIVE_WORDS: &[&str] = &["giao", "đề nghị", "yêu cầu", "đối với", "trách nhiệm của", "nhiệm vụ của"];

/// Trailing notes cut from a table cell or field value (SPEC §5.2 rule 5): the name ends
/// before the first of these (`Các đơn vị có liên quan thực hiện`, `... theo quy định`).
/// Lower-case match at a word boundary, never at the start of the name.
pub const TRAILING_NOTE_STARTS: &[&str] = &[
    "thực hiện",
    "theo quy định",
    "theo chức năng",
    "theo thẩm quyền",
    "chủ trì",
    "phối hợp",
    "triển khai",
    "tham mưu",
    "theo dõi",
    "tổng hợp",
    "hướng dẫn",
    "chịu trách nhiệm",
];

/// Verbs and adverbs that end an agency phrase in running text (the predicate begins):
/// `phối hợp với các sở, ngành **tổ chức** ...`. Lower-case match at a word boundary; a
/// capitalised word (`Sở Xây dựng`) is never a verb here.
pub const PHRASE_ENDING_WORDS: &[&str] = &[
    "thực hiện",
    "triển khai",
    "tổ chức",
    "rà soát",
    "xây dựng",
    "hướng dẫn",
    "kiểm tra",
    "tham mưu",
    "đề xuất",
    "tuyên truyền",
    "theo dõi",
    "đánh giá",
    "giám sát",
    "tổng hợp",
    "báo cáo",
    "hỗ trợ",
    "nghiên cứu",
    "thẩm định",
    "thẩm tra",
    "lập",
    "ban hành",
    "trình",
    "chỉ đạo",
    "đôn đốc",
    "vận động",
    "giải quyết",
    "tăng cường",
    "đẩy mạnh",
    "bảo đảm",
    "đảm bảo",
    "chuẩn bị",
    "điều chỉnh",
    "bổ sung",
    "cập nhật",
    "tiếp tục",
    "thường xuyên",
    "kịp thời",
    "chủ động",
    "chủ trì",
    "phối hợp",
    "tích cực",
    "quan tâm",
    "tập trung",
    "nghiêm túc",
    "khẩn trương",
    "căn cứ",
    "kiện toàn",
    "tiến hành",
    "biên soạn",
    "bố trí",
    "thống nhất",
    "phát triển",
    "quản lý",
    "xác định",
    "phân bổ",
    "sử dụng",
    "tập huấn",
    "thu thập",
    "ứng dụng",
    "khảo sát",
    "phổ biến",
    "cung cấp",
    "liên kết",
    "hợp tác",
    "tham gia",
    "thúc đẩy",
    "quán triệt",
    "xử lý",
    "ký kết",
    "phát hành",
    "tiếp nhận",
    "nâng cao",
    "hoàn thành",
    "hoàn thiện",
    "duy trì",
    "công nhận",
    "sơ kết",
    "tổng kết",
    "phân công",
    "xem xét",
    "quyết định",
    "thực thi",
    "ưu tiên",
    "huy động",
    "lồng ghép",
    "bám sát",
    "nắm",
    "chia sẻ",
    "kết nối",
    "tạo",
    "định kỳ",
    "hằng",
    "hàng",
    "đồng thời",
    "nhất là",
    "đặc biệt",
    "để",
    "nhằm",
    "trong",
    "khi",
    "nếu",
    "theo",
    "về",
    "cho",
    "đối với",
    "là",
    "được",
    "sẽ",
    "cần",
    "phải",
    "đã",
    "đang",
    "có trách nhiệm",
    "có",
    "gửi",
    "giúp",
    "mở",
    "cử",
    "đưa",
    "giao",
    "yêu cầu",
    "đề nghị",
    "điều tra",
    "chỉnh lý",
    "biên soạn",
    "luân chuyển",
    "lập danh sách",
];

/// Qualifiers that may follow a collective even though they start with a word of
/// [`PHRASE_ENDING_WORDS`] (`các đơn vị có liên quan`, `tổ chức ... tại địa phương`,
/// `các lực lượng khác trên địa bàn tỉnh`, `đơn vị trực thuộc ...`).
pub const NAME_QUALIFIERS: &[&str] = &[
    "có liên quan",
    "liên quan",
    "tại địa phương",
    "trên địa bàn",
    "trực thuộc",
    "thuộc",
    "khác",
    "phụ trách",
    "cấp huyện",
    "cấp tỉnh",
    "cấp xã",
];

/// Verbs whose object is never a partner even right after `phối hợp,`
/// (`Phối hợp, hướng dẫn các doanh nghiệp` → no partner; SPEC §5.6 "Body partners").
pub const NON_PARTNER_VERBS: &[&str] = &["hướng dẫn", "chỉ đạo", "đôn đốc", "tham mưu", "báo cáo", "gửi", "trình", "kiểm tra", "giám sát"];

/// Verbs that may share the object of `phối hợp` (`phối hợp, hỗ trợ các huyện A, B`): the
/// object is still a partner.
pub const PARTNER_SHARING_VERBS: &[&str] = &["hỗ trợ"];

/// Adverbs allowed between `phối hợp` and `với` (`phối hợp chặt chẽ với`).
pub const PARTNER_ADVERBS: &[&str] = &["chặt chẽ", "tốt", "thường xuyên", "đồng bộ", "hiệu quả", "tích cực", "kịp thời"];

/// Words that make a sentence's request conditional (SPEC §5.6: `Trong quá trình thực hiện,
/// nếu có khó khăn ... đề nghị ... phản ánh` is not an assignment).
pub const CONDITIONAL_WORDS: &[&str] = &["nếu", "trường hợp", "khi có"];

/// Words before `yêu cầu`/`đề nghị` that make it a noun (`theo yêu cầu của ...`).
pub const DIRECTIVE_NOUN_MARKERS: &[&str] = &["theo", "đáp ứng", "các", "những", "có"];

/// Agency kinds for `classify_agency`: the first row whose pattern starts the name (or, for
/// rows marked `anywhere`, occurs in it) gives the kind. Case-insensitive.
pub const KIND_PATTERNS: &[(&str, &str, bool)] = &[
    ("Ủy ban Mặt trận Tổ quốc", "front", false),
    ("Mặt trận Tổ quốc", "front", false),
    ("Ban Thường trực Ủy ban Mặt trận", "front", false),
    ("Ủy ban nhân dân", "people_committee", false),
    ("Hội đồng nhân dân", "council", false),
    ("Văn phòng", "office", false),
    ("Bộ Chỉ huy", "military", false),
    ("Bộ đội", "military", false),
    ("Quân sự", "military", true),
    ("Biên phòng", "military", true),
    ("Công an", "police", false),
    ("Bộ ", "ministry", false),
    ("Sở ", "department", false),
    ("Cục ", "department", false),
    ("Chi cục", "department", false),
    ("Tổng cục", "department", false),
    ("Vụ ", "department", false),
    ("Phòng ", "department", false),
    ("Tỉnh ủy", "party", false),
    ("Thành ủy", "party", false),
    ("Huyện ủy", "party", false),
    ("Đảng ủy", "party", false),
    ("Ban Tuyên giáo", "party", false),
    ("Ban Dân vận", "party", false),
    ("Ban Tổ chức", "party", false),
    ("Ban Nội chính", "party", false),
    ("Ủy ban Kiểm tra", "party", false),
    ("Ngân hàng", "bank", false),
    ("Đài ", "media", false),
    ("Báo ", "media", false),
    ("Báo và", "media", false),
    ("Trung tâm", "center", false),
    ("Ban ", "board", false),
    ("Hội ", "association", false),
    ("Hội Liên hiệp", "association", false),
    ("Liên minh", "association", false),
    ("Liên đoàn", "association", false),
    ("Liên hiệp", "association", false),
    ("Hiệp hội", "association", false),
    ("Tỉnh đoàn", "association", false),
    ("Thành đoàn", "association", false),
    ("Đoàn Thanh niên", "association", false),
    ("Công ty", "enterprise", false),
    ("Tổng công ty", "enterprise", false),
    ("Tập đoàn", "enterprise", false),
    ("Doanh nghiệp", "enterprise", false),
    ("Hợp tác xã", "enterprise", false),
];

// ---------------------------------------------------------------------------------------------
// Document-level vocabulary: headers, sections, labelled fields.

/// Document-type words written on their own line in a header (lower case) and the canonical
/// type name they give (SPEC §5.1 `doc_type`).
pub const DOCUMENT_TYPE_WORDS: &[(&str, &str)] = &[
    ("kế hoạch", "Kế hoạch"),
    ("kế hoạch hành động", "Kế hoạch"),
    ("chương trình", "Chương trình"),
    ("chương trình hành động", "Chương trình"),
    ("chương trình công tác", "Chương trình"),
    ("quyết định", "Quyết định"),
    ("đề án", "Đề án"),
    ("phương án", "Phương án"),
    ("nghị quyết", "Nghị quyết"),
    ("chỉ thị", "Chỉ thị"),
    ("thông báo", "Thông báo"),
    ("hướng dẫn", "Hướng dẫn"),
    ("báo cáo", "Báo cáo"),
    ("công văn", "Công văn"),
    ("tờ trình", "Tờ trình"),
    ("kết luận", "Kết luận"),
    ("công điện", "Công điện"),
    ("quy chế", "Quy chế"),
    ("quy định", "Quy định"),
    ("thông tư", "Thông tư"),
    ("nghị định", "Nghị định"),
];

/// Upper-case role lines of a signature block (`PHÓ CHỦ TỊCH`).
pub const SIGNER_ROLES: &[&str] = &[
    "CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "THỦ TƯỚNG",
    "PHÓ THỦ TƯỚNG",
    "BỘ TRƯỞNG",
    "THỨ TRƯỞNG",
    "GIÁM ĐỐC",
    "PHÓ GIÁM ĐỐC",
    "TRƯỞNG BAN",
    "PHÓ TRƯỞNG BAN",
    "BÍ THƯ",
    "PHÓ BÍ THƯ",
    "CHÁNH VĂN PHÒNG",
    "TỔNG GIÁM ĐỐC",
    "CỤC TRƯỞNG",
    "VỤ TRƯỞNG",
];

/// Headings of the execution section (`Tổ chức thực hiện`), lower case, matched as substrings.
pub const EXECUTION_HEADINGS: &[&str] = &[
    "tổ chức thực hiện",
    "tổ chức triển khai thực hiện",
    "tổ chức triển khai",
    "trách nhiệm thực hiện",
    "phân công nhiệm vụ",
    "phân công trách nhiệm",
    "trách nhiệm của các",
    "nhiệm vụ của các",
];

/// Labels of the field lines of a labelled-field task item (SPEC §5.5), lower case, matched at
/// the start of a line (after a bullet), each followed by optional words and a colon.
pub const LEAD_FIELD_LABELS: &[&str] = &[
    "cơ quan chủ trì",
    "đơn vị chủ trì",
    "cơ quan thực hiện",
    "đơn vị thực hiện",
    "cơ quan, đơn vị chủ trì",
    "cơ quan, đơn vị thực hiện",
    "chủ trì",
];
pub const PARTNER_FIELD_LABELS: &[&str] = &["cơ quan phối hợp", "đơn vị phối hợp", "cơ quan, đơn vị phối hợp", "phối hợp"];
pub const TIME_FIELD_LABELS: &[&str] =
    &["thời gian thực hiện", "thời gian hoàn thành", "thời gian dự kiến", "thời gian", "thời hạn", "tiến độ thực hiện", "tiến độ"];
pub const RESULT_FIELD_LABELS: &[&str] = &["sản phẩm", "kết quả dự kiến", "kết quả", "sản phẩm dự kiến"];

/// Openings of paragraphs that close a plan without directing anybody, or only ask for a report
/// if difficulties arise (SPEC §5.6): such a paragraph is never a task.
pub const NON_TASK_CLOSING_OPENINGS: &[&str] = &[
    "trong quá trình thực hiện, nếu",
    "trong quá trình thực hiện nếu",
    "trong quá trình triển khai, nếu",
    "trong quá trình triển khai nếu",
    "trong quá trình triển khai, thực hiện nếu",
    "quá trình thực hiện nếu",
];

/// Addressees too generic to make a closing paragraph a task (`Các đơn vị căn cứ chức năng …`):
/// they name no agency (SPEC §5.6), compared case-insensitively.
pub const GENERIC_ADDRESSEES: &[&str] = &[
    "các đơn vị",
    "các cơ quan",
    "các cơ quan, đơn vị",
    "các đơn vị, địa phương",
    "các cơ quan, đơn vị, địa phương",
    "các địa phương",
    "đơn vị",
    "cơ quan",
];

/// Words that cannot end a phrase (`… xây dựng huyện và`, `… các`): a table cell ending in one of
/// them was cut by a page break, so the next line with an empty TT continues it.
pub const CONNECTIVE_WORDS: &[&str] = &[
    "và", "của", "các", "cho", "để", "với", "trong", "tại", "về", "theo", "những", "được", "là", "có", "từ", "đến", "hoặc", "hay", "như",
    "nhằm", "đối", "trên", "dưới", "bằng", "do", "mà", "thì", "khi", "vào", "ra",
];

// ---------------------------------------------------------------------------------------------
// Legal references (read by `crate::legal`).

/// Type codes written in document symbols, with the canonical document type each one stands for.
///
/// State codes follow the abbreviation table of Nghị định 30/2020/NĐ-CP (Phụ lục III) plus the
/// legal-document codes (NĐ, TT, TTLT, NQLT, PL, L, SL, VBHN); Party codes (`359-KL/TU`) use the
/// same letters. `CV` is the Party (and older state) code of a Công văn; a modern state công văn
/// has no code (`123/UBND-KT`) and is typed by the word before its number.
/// Lookup is exact first, then case-insensitive (upper-case headings write `CTR`, `QĐI`).
pub const DOC_TYPE_CODES: &[(&str, &str)] = &[
    ("NQ", "Nghị quyết"),
    ("NQLT", "Nghị quyết liên tịch"),
    ("NĐ", "Nghị định"),
    ("QĐ", "Quyết định"),
    ("QĐi", "Quy định"),
    ("QyĐ", "Quy định"),
    ("CT", "Chỉ thị"),
    ("TT", "Thông tư"),
    ("TTLT", "Thông tư liên tịch"),
    ("KH", "Kế hoạch"),
    ("CTr", "Chương trình"),
    ("KL", "Kết luận"),
    ("TB", "Thông báo"),
    ("TC", "Thông cáo"),
    ("HD", "Hướng dẫn"),
    ("ĐA", "Đề án"),
    ("DA", "Dự án"),
    ("PA", "Phương án"),
    ("BC", "Báo cáo"),
    ("BB", "Biên bản"),
    ("TTr", "Tờ trình"),
    ("CĐ", "Công điện"),
    ("QC", "Quy chế"),
    ("PL", "Pháp lệnh"),
    ("L", "Lệnh"),
    ("SL", "Sắc lệnh"),
    ("VBHN", "Văn bản hợp nhất"),
    ("HĐ", "Hợp đồng"),
    ("CV", "Công văn"),
];

/// Codes that a Party symbol (`N-CODE/ISSUER`) uses for more than one document type. The word
/// written before the number chooses among them (`Quy định số 178-QĐ/TW` is a Quy định); without
/// such a word the first reading is taken. State symbols read these codes as in
/// [`DOC_TYPE_CODES`] only.
pub const PARTY_AMBIGUOUS_CODES: &[(&str, &[&str])] = &[("QĐ", &["Quyết định", "Quy định"]), ("TT", &["Thông tri", "Thông tư"])];

/// Document-type words as written before a number (lower case, single spaces), with the
/// canonical type they name. `Văn bản số 123/UBND-KT` is a công văn (an administrative letter has
/// no type code of its own). `Chương trình hành động` is handled by the filler words below.
pub const REFERENCE_TYPE_WORDS: &[(&str, &str)] = &[
    ("nghị quyết liên tịch", "Nghị quyết liên tịch"),
    ("nghị quyết", "Nghị quyết"),
    ("nghị định", "Nghị định"),
    ("quyết định", "Quyết định"),
    ("chỉ thị", "Chỉ thị"),
    ("thông tư liên tịch", "Thông tư liên tịch"),
    ("thông tư", "Thông tư"),
    ("thông tri", "Thông tri"),
    ("kế hoạch", "Kế hoạch"),
    ("chương trình", "Chương trình"),
    ("kết luận", "Kết luận"),
    ("thông báo", "Thông báo"),
    ("thông cáo", "Thông cáo"),
    ("hướng dẫn", "Hướng dẫn"),
    ("đề án", "Đề án"),
    ("dự án", "Dự án"),
    ("phương án", "Phương án"),
    ("báo cáo", "Báo cáo"),
    ("biên bản", "Biên bản"),
    ("tờ trình", "Tờ trình"),
    ("công điện", "Công điện"),
    ("quy chế", "Quy chế"),
    ("quy định", "Quy định"),
    ("bộ luật", "Bộ luật"),
    ("luật", "Luật"),
    ("pháp lệnh", "Pháp lệnh"),
    ("sắc lệnh", "Sắc lệnh"),
    ("lệnh", "Lệnh"),
    ("công văn", "Công văn"),
    ("văn bản hợp nhất", "Văn bản hợp nhất"),
    ("văn bản", "Công văn"),
    ("hợp đồng", "Hợp đồng"),
    ("điều lệ", "Điều lệ"),
];

/// Words that may stand between a type word and `số` without changing the type
/// (`Chương trình hành động số 54-CTr/TU`, `Kế hoạch liên tịch số ...`).
pub const TYPE_WORD_FILLERS: &[&str] = &["hành động", "liên tịch", "liên ngành"];

/// Words and phrases that end an issuer phrase (`của Ủy ban nhân dân tỉnh về ...`): they start
/// the subject (trích yếu) or the sentence's next clause. Compared case-insensitively, word by word.
pub const ISSUER_STOP_WORDS: &[&str] = &[
    "về",
    "ngày",
    "phê duyệt",
    "ban hành",
    "thực hiện",
    "quy định",
    "hướng dẫn",
    "triển khai",
    "sửa đổi",
    "bổ sung",
    "thông qua",
    "công bố",
    "kết luận",
    "đã",
    "để",
    "nhằm",
    "gắn",
    "tại",
    "theo",
    "trên",
    "đối với",
    "được",
    "với",
    "cho",
    "giao",
    "chuyển đổi",
    "nâng cao",
    "góp phần",
    "là",
    "khi",
    "trong",
];

/// Verbs that start a subject (trích yếu) written straight after the issuer without `về`
/// (`của Chính phủ tạo điều kiện ...`, `của Tỉnh ủy phát triển kinh tế ...`). They end the issuer
/// only when written in lower case: capitalised, they are part of a name (`Bộ Nông nghiệp và
/// Phát triển nông thôn`, `Ban Tổ chức Trung ương`).
pub const ISSUER_STOP_VERBS_LOWER_CASE: &[&str] = &[
    "phát triển",
    "tạo",
    "đẩy mạnh",
    "tăng cường",
    "xây dựng",
    "kiện toàn",
    "thành lập",
    "hỗ trợ",
    "đổi mới",
    "tổ chức",
    "cải cách",
    "quản lý",
    "bảo đảm",
    "đảm bảo",
    "khuyến khích",
    "tiếp tục",
    "phấn đấu",
];

/// Words that introduce a short form inside parentheses: `(gọi tắt là Nghị quyết số 26)`,
/// `(sau đây gọi là Quyết định số 1132/QĐ-TTg)`, `(sau đây viết tắt là ...)`.
pub const ALIAS_INTRODUCERS: &[&str] = &["gọi tắt là", "gọi là", "viết tắt là"];

// ---------------------------------------------------------------------------------------------
// Deadlines (read by `crate::deadline`). Lower case; a space stands for any run of whitespace.

/// Words before a period that make the deadline a "by" deadline (the period is the latest end).
pub const BY_PREPOSITIONS: &[&str] = &[
    "trước",
    "hoàn thành trước",
    "xong trước",
    "chậm nhất",
    "chậm nhất là",
    "chậm nhất vào",
    "chậm nhất trong",
    "chậm nhất đến",
    "chậm nhất đến hết",
    "muộn nhất đến hết",
    "muộn nhất",
    "muộn nhất là",
    "hạn chót",
    "hạn chót là",
    "hạn cuối",
    "không muộn hơn",
    "không quá",
];

/// By-prepositions that end on the day before a period begins (a date is still included).
pub const STRICT_BY_PREPOSITIONS: &[&str] = &["trước", "hoàn thành trước", "xong trước"];

/// Words before a period in prose that make it the time of the action (`trong năm 2023`).
pub const WITHIN_PREPOSITIONS: &[&str] = &[
    "trong",
    "vào",
    "xong trong",
    "hoàn thành",
    "hoàn thành trong",
    "ngay trong",
    "trong suốt",
    "hoàn thành vào",
    "xong vào",
    "thời gian thực hiện",
    "thời gian hoàn thành",
    "thời gian dự kiến",
    "thời hạn",
    "thời hạn hoàn thành",
];

/// Field labels that may open a deadline cell (`Thời gian thực hiện: Quý II/2024`); the value
/// after the colon is read.
pub const FIELD_LABELS: &[&str] = &["thời gian", "thời hạn", "tiến độ"];

/// Words before the first period that open a deadline with no end (`Từ quý II/2027`).
pub const FROM_PREPOSITIONS: &[&str] = &["từ", "kể từ", "bắt đầu từ", "bắt đầu"];

/// Words before the first period of a cell that make it a "by" deadline when no `từ` precedes.
pub const UNTIL_PREPOSITIONS: &[&str] = &["đến", "đến hết", "tới", "tới hết", "từ nay đến", "từ nay đến hết"];

/// Words that say the work goes on without end (SPEC: `Thường xuyên` → continuous).
pub const CONTINUOUS_WORDS: &[&str] = &["thường xuyên", "liên tục", "lâu dài"];

/// Phrases after a period that leave the end open (`Năm 2024 và các năm tiếp theo`).
pub const OPEN_END_PHRASES: &[&str] = &[
    "các năm tiếp theo",
    "những năm tiếp theo",
    "các năm sau",
    "những năm sau",
    "các năm kế tiếp",
    "những năm kế tiếp",
    "trở đi",
    "về sau",
];

/// Openings of a cell that name a triggering event or a dependency, not a time.
pub const EVENT_LEADS: &[&str] = &[
    "khi",
    "ngay khi",
    "sau khi",
    "trước khi",
    "kể từ khi",
    "theo",
    "căn cứ",
    "tùy",
    "tuỳ",
    "tùy theo",
    "đột xuất",
    "ngay sau",
    "sau",
    "trong thời gian",
    "trong quá trình",
    "phụ thuộc",
    "khi nào",
    "nếu",
];

/// Verbs that an adverb of time (`thường xuyên`, `định kỳ`, `hàng tháng, quý`) precedes when it
/// governs the action.
pub const ACTION_VERBS: &[&str] = &[
    "theo dõi",
    "tổ chức",
    "kiểm tra",
    "rà soát",
    "quán triệt",
    "tuyên truyền",
    "cập nhật",
    "báo cáo",
    "phối hợp",
    "đôn đốc",
    "đánh giá",
    "tổng hợp",
    "triển khai",
    "thực hiện",
    "hướng dẫn",
    "tham mưu",
    "giám sát",
    "chỉ đạo",
    "thu thập",
    "công bố",
    "củng cố",
    "kiện toàn",
    "bồi dưỡng",
    "tập huấn",
    "nâng cao",
    "đẩy mạnh",
    "tăng cường",
    "gửi",
    "xây dựng",
    "trao đổi",
    "sơ kết",
    "tổng kết",
    "phổ biến",
    "vận động",
    "cung cấp",
    "đề xuất",
    "kiến nghị",
    "ban hành",
    "khảo sát",
    "thống kê",
    "đăng tải",
    "nắm bắt",
    "nắm",
    "giao ban",
    "họp",
    "kiểm điểm",
    "thông tin",
    "thông báo",
    "làm việc",
    "thăm",
    "hỗ trợ",
    "đối chiếu",
    "xử lý",
    "duy trì",
    "chủ động",
    "nghiên cứu",
    "rà",
    "tự kiểm tra",
    "biên soạn",
    "phát",
    "phát sóng",
    "luân chuyển",
    "in",
    "xuất bản",
    "cấp phát",
    "giao",
    "phân bổ",
    "chi trả",
    "tiếp nhận",
    "điều tra",
    "lấy ý kiến",
];

/// Nouns that a following `thường xuyên` qualifies as an adjective (`chi thường xuyên`,
/// `các hoạt động thường xuyên`, `sử dụng điện thường xuyên`).
pub const NOUNS_BEFORE_ADJECTIVAL_CONTINUOUS: &[&str] = &[
    "chi",
    "hoạt động",
    "nhiệm vụ",
    "công việc",
    "kinh phí",
    "điện",
    "khách hàng",
    "người dân",
    "đối tượng",
    "nguồn",
    "vốn",
    "khoản",
    "dự toán",
    "thường trực",
];

/// Nouns that a following `định kỳ` qualifies (`họp định kỳ`, `theo định kỳ`, `báo cáo định kỳ`).
pub const NOUNS_BEFORE_ADJECTIVAL_PERIODIC: &[&str] = &[
    "họp",
    "cuộc họp",
    "phiên họp",
    "theo",
    "hội nghị",
    "giao ban",
    "báo cáo",
    "chế độ",
    "kiểm tra",
    "khám",
    "bảo dưỡng",
    "bảo trì",
    "đánh giá",
    "sinh hoạt",
    "thanh toán",
    "chi trả",
];

/// Nouns that a following `hàng năm` / `hằng tháng` qualifies (`kế hoạch … hàng năm`,
/// `dự toán ngân sách nhà nước hàng năm`).
pub const NOUNS_BEFORE_ADJECTIVAL_RECURRENCE: &[&str] = &[
    "kế hoạch",
    "dự toán",
    "ngân sách",
    "nhà nước",
    "chương trình",
    "hoạt động",
    "chỉ tiêu",
    "mục tiêu",
    "nhiệm vụ",
    "báo cáo",
    "kinh phí",
    "trung hạn và",
    "thu nhập",
    "sản lượng",
];

/// Recurring events that `hàng năm` after them makes the task's recurrence (`sơ kết hàng năm`).
pub const RECURRING_EVENT_NOUNS: &[&str] = &["sơ kết", "tổng kết", "giao ban", "kiểm điểm", "đánh giá"];

/// Words that begin a clause without changing what governs it (`Đồng thời, thường xuyên …`).
pub const CLAUSE_OPENERS: &[&str] = &["đồng thời", "tiếp tục", "và", "cần", "phải", "chủ động", "tích cực", "đề nghị", "yêu cầu"];

/// Words earlier in a clause that make `trong năm 2023` part of a noun phrase or a purpose
/// (`các xã đăng ký đạt chuẩn … trong năm 2023`, `để hoàn thành tiêu chí trong năm`).
pub const NOUN_PHRASE_YEAR_CUES: &[&str] = &["đăng ký", "đạt chuẩn", "để"];

/// Names of documents, programmes and targets: a `trước năm Y` after one of them in the same
/// clause is part of the name (`Nghị quyết … đạt chuẩn nông thôn mới trước năm 2025`).
pub const PROGRAMME_NOUNS: &[&str] = &[
    "đề án",
    "nghị quyết",
    "chương trình",
    "kế hoạch",
    "chiến lược",
    "quy hoạch",
    "quyết định",
    "chỉ thị",
    "kết luận",
    "phong trào",
    "mục tiêu",
    "tầm nhìn",
    "định hướng",
];
