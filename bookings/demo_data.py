"""Demo data for the Hanoi Creative Spaces Network — DEMO DATA, not an official list of members.

The Hanoi Creative Spaces Network was launched on 10 December 2025 with 82 member spaces that
received certificates. The real venues below (Manzi Art Space, Complex 01, VCCA, Hanoi DocLab,
Think Playgrounds, Hội quán Quảng Đông, ...) are genuine Hanoi creative spaces, but their
membership, certificate numbers, coordinates and descriptions here are illustrative only. The
remaining entries are invented, generic-sounding small venues used to fill the demo to 82.

SPACES: 82 member spaces (certificate numbers in order).
WORKSHOPS: workshop templates; a seeding function attaches each template to the spaces whose
``disciplines`` include the template's ``discipline``.
"""

from datetime import date

SPACES: list[dict] = [
    {
        "slug": "manzi-art-space",
        "name": "Manzi Art Space",
        "kind": "art-space",
        "disciplines": ["painting", "photography", "music"],
        "district": "ba-dinh",
        "address": "14 Phan Huy Ích, Ba Đình, Hà Nội",
        "lat": 21.0415,
        "lng": 105.8455,
        "description_vi": (
            "Không gian nghệ thuật trong một biệt thự Pháp cũ gần tháp nước Hàng Đậu, vừa là phòng "
            "tranh vừa là quán cà phê. Manzi thường xuyên tổ chức triển lãm, hoà nhạc, buổi nói "
            "chuyện và workshop cho nghệ sĩ trẻ."
        ),
        "description_en": (
            "An art space in an old French villa near the Hàng Đậu water tower, part gallery and "
            "part café. Manzi regularly hosts exhibitions, concerts, talks and workshops for young "
            "artists."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-001",
    },
    {
        "slug": "complex-01",
        "name": "Complex 01",
        "kind": "art-space",
        "disciplines": ["crafts", "ceramics", "design", "music"],
        "district": "dong-da",
        "address": "Ngõ 167 Tây Sơn, Đống Đa, Hà Nội",
        "lat": 21.0068,
        "lng": 105.8225,
        "description_vi": (
            "Tổ hợp sáng tạo cải tạo từ nhà máy in Công Đoàn cũ trong một con ngõ phố Tây Sơn. Nơi "
            "đây có xưởng thủ công, phòng triển lãm, thư viện nhỏ và các lớp gốm, mộc cho cả gia "
            "đình."
        ),
        "description_en": (
            "A creative complex converted from the old Công Đoàn printing factory down an alley "
            "off Tây Sơn street. It houses craft workshops, an exhibition hall, a small library "
            "and pottery and woodwork classes for families."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-002",
    },
    {
        "slug": "vcca",
        "name": "Trung tâm Nghệ thuật Đương đại Vincom (VCCA)",
        "kind": "gallery",
        "disciplines": ["painting", "photography", "design"],
        "district": "thanh-xuan",
        "address": "Tầng B1, Vincom Mega Mall Royal City, 72A Nguyễn Trãi, Thanh Xuân, Hà Nội",
        "lat": 21.0027,
        "lng": 105.8153,
        "description_vi": (
            "Trung tâm nghệ thuật đương đại rộng gần 4.000 m² dưới tầng hầm Royal City, với phòng "
            "triển lãm, phòng chiếu và lớp học nghệ thuật. VCCA giới thiệu các dự án của nghệ sĩ "
            "Việt Nam và quốc tế."
        ),
        "description_en": (
            "A contemporary art centre of nearly 4,000 m² in the basement of Royal City, with "
            "exhibition halls, a screening room and art classes. VCCA presents projects by "
            "Vietnamese and international artists."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-003",
    },
    {
        "slug": "hanoi-doclab",
        "name": "Hanoi DocLab – Viện Goethe Hà Nội",
        "kind": "cinema",
        "disciplines": ["film"],
        "district": "ba-dinh",
        "address": "56–58 Nguyễn Thái Học, Ba Đình, Hà Nội",
        "lat": 21.0309,
        "lng": 105.8378,
        "description_vi": (
            "Trung tâm phim tài liệu và phim thử nghiệm độc lập đặt tại Viện Goethe Hà Nội. DocLab "
            "tổ chức chiếu phim, lớp làm phim và các buổi giao lưu với nhà làm phim trẻ."
        ),
        "description_en": (
            "An independent documentary and experimental film centre based at the Goethe-Institut "
            "Hanoi. DocLab runs screenings, filmmaking courses and meet-the-filmmaker evenings for "
            "young directors."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-004",
    },
    {
        "slug": "think-playgrounds",
        "name": "Think Playgrounds",
        "kind": "education",
        "disciplines": ["design", "crafts"],
        "district": "hoan-kiem",
        "address": "Sân chơi cộng đồng Phúc Tân, phố Phúc Tân, Hoàn Kiếm, Hà Nội",
        "lat": 21.0378,
        "lng": 105.857,
        "description_vi": (
            "Doanh nghiệp xã hội thành lập năm 2014, theo đuổi quyền được vui chơi của trẻ em. "
            "Think Playgrounds cùng cộng đồng thiết kế và xây sân chơi từ vật liệu tái chế, như "
            "sân chơi Phúc Tân bên cầu Long Biên."
        ),
        "description_en": (
            "A social enterprise founded in 2014 to champion children's right to play. Think "
            "Playgrounds co-designs and builds playgrounds from recycled materials with local "
            "communities, such as the Phúc Tân playground by Long Biên bridge."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-005",
    },
    {
        "slug": "hoi-quan-quang-dong",
        "name": "Hội quán Quảng Đông",
        "kind": "cultural-centre",
        "disciplines": ["photography", "painting", "crafts"],
        "district": "hoan-kiem",
        "address": "22 Hàng Buồm, Hoàn Kiếm, Hà Nội",
        "lat": 21.0363,
        "lng": 105.8516,
        "description_vi": (
            "Hội quán cổ giữa phố cổ, nơi giao thoa kiến trúc Việt – Hoa – Pháp, nay là trung tâm "
            "văn hoá nghệ thuật. Nơi đây thường xuyên có triển lãm, workshop, toạ đàm và là địa "
            "điểm chính của Photo Hanoi Biennale."
        ),
        "description_en": (
            "The historic Cantonese Assembly Hall in the Old Quarter, blending Vietnamese, Chinese "
            "and French architecture, now an arts and culture centre. It hosts exhibitions, "
            "workshops and seminars and is the main venue of the Photo Hanoi Biennale."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-006",
    },
    {
        "slug": "hanoi-creative-city",
        "name": "Hanoi Creative City",
        "kind": "co-working",
        "disciplines": ["design", "music", "film"],
        "district": "hai-ba-trung",
        "address": "1 Lương Yên, Hai Bà Trưng, Hà Nội",
        "lat": 21.013,
        "lng": 105.8648,
        "description_vi": (
            "Toà nhà sáng tạo mở cửa từ năm 2015 cạnh bến xe Lương Yên, với văn phòng chung, xưởng "
            "nhỏ, sân trượt ván và khoảng sân cho chợ phiên, hoà nhạc. Nhiều nhóm thiết kế, âm "
            "nhạc và làm phim trẻ làm việc tại đây."
        ),
        "description_en": (
            "A creative tower opened in 2015 next to Lương Yên bus station, with shared offices, "
            "small studios, a skate park and a courtyard for flea markets and concerts. Many young "
            "design, music and film teams work here."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-007",
    },
    {
        "slug": "heritage-space",
        "name": "Heritage Space",
        "kind": "art-space",
        "disciplines": ["painting", "music", "photography"],
        "district": "cau-giay",
        "address": "Phố Trần Bình, Mai Dịch, Cầu Giấy, Hà Nội",
        "lat": 21.0355,
        "lng": 105.776,
        "description_vi": (
            "Không gian nghệ thuật đương đại độc lập thành lập năm 2014, nổi tiếng với dự án Tháng "
            "Thực hành Nghệ thuật (MAP). Nơi đây tổ chức triển lãm, hoà nhạc thử nghiệm, chiếu "
            "phim và toạ đàm."
        ),
        "description_en": (
            "An independent contemporary art space founded in 2014, known for its Month of Art "
            "Practice (MAP) residency. It hosts exhibitions, experimental concerts, screenings and "
            "talks."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-008",
    },
    {
        "slug": "o-kia-ha-noi",
        "name": "Ơ Kìa Hà Nội",
        "kind": "art-space",
        "disciplines": ["crafts", "painting", "design"],
        "district": "hoan-kiem",
        "address": "Phố Hàng Bạc, Hoàn Kiếm, Hà Nội",
        "lat": 21.034,
        "lng": 105.8525,
        "description_vi": (
            "Không gian sáng tạo nhỏ lấy cảm hứng từ ký ức và đời sống phố phường Hà Nội. Các "
            "workshop thủ công, vẽ tranh và thiết kế ở đây gắn với đồ vật, nghề và câu chuyện của "
            "phố cổ."
        ),
        "description_en": (
            "A small creative space inspired by the memories and everyday life of Hanoi's streets. "
            "Its craft, painting and design workshops draw on the objects, trades and stories of "
            "the Old Quarter."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-009",
    },
    {
        "slug": "hanoi-rock-city",
        "name": "Hanoi Rock City",
        "kind": "art-space",
        "disciplines": ["music"],
        "district": "tay-ho",
        "address": "27/52 Tô Ngọc Vân, Tây Hồ, Hà Nội",
        "lat": 21.0632,
        "lng": 105.8256,
        "description_vi": (
            "Sân khấu nhạc sống độc lập lâu năm ở Tây Hồ, nơi các ban nhạc trẻ, DJ và nghệ sĩ thể "
            "nghiệm biểu diễn. Ngoài các đêm diễn, nơi đây còn có buổi giao lưu và lớp làm nhạc."
        ),
        "description_en": (
            "A long-running independent live music venue in Tây Hồ where young bands, DJs and "
            "experimental artists perform. Beyond gig nights, it also hosts music meet-ups and "
            "production classes."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-010",
    },
    {
        "slug": "toong-phan-boi-chau",
        "name": "Toong 51 Phan Bội Châu",
        "kind": "co-working",
        "disciplines": ["design", "ceramics"],
        "district": "hoan-kiem",
        "address": "51 Phan Bội Châu, Hoàn Kiếm, Hà Nội",
        "lat": 21.025,
        "lng": 105.8435,
        "description_vi": (
            "Không gian làm việc chung mang chủ đề nghệ thuật ứng dụng, với tác phẩm sắp đặt và "
            "triển lãm gốm lấy cảm hứng từ Bát Tràng. Cộng đồng thành viên thường tổ chức buổi nói "
            "chuyện và workshop thiết kế."
        ),
        "description_en": (
            "A co-working space themed around applied art, with installations and ceramics "
            "exhibitions inspired by Bát Tràng. Its member community regularly hosts design talks "
            "and workshops."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-011",
    },
    {
        "slug": "lespace",
        "name": "L'Espace – Viện Pháp tại Hà Nội",
        "kind": "cultural-centre",
        "disciplines": ["film", "music", "painting"],
        "district": "hoan-kiem",
        "address": "24 Tràng Tiền, Hoàn Kiếm, Hà Nội",
        "lat": 21.0246,
        "lng": 105.855,
        "description_vi": (
            "Trung tâm văn hoá của Viện Pháp ngay gần Nhà hát Lớn, với phòng triển lãm, phòng "
            "chiếu phim, sân khấu và thư viện. L'Espace tổ chức chiếu phim, hoà nhạc và triển lãm "
            "gần như mỗi tuần."
        ),
        "description_en": (
            "The Institut français cultural centre near the Opera House, with a gallery, cinema, "
            "stage and media library. L'Espace holds screenings, concerts and exhibitions almost "
            "every week."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-012",
    },
    {
        "slug": "japan-foundation-hanoi",
        "name": "Trung tâm Giao lưu Văn hoá Nhật Bản tại Việt Nam",
        "kind": "cultural-centre",
        "disciplines": ["film", "design", "crafts"],
        "district": "hoan-kiem",
        "address": "27 Quang Trung, Hoàn Kiếm, Hà Nội",
        "lat": 21.0226,
        "lng": 105.849,
        "description_vi": (
            "Văn phòng của Quỹ Giao lưu Quốc tế Nhật Bản tại Hà Nội, có phòng triển lãm nhỏ, thư "
            "viện và phòng xem phim. Trung tâm thường tổ chức liên hoan phim, triển lãm thiết kế "
            "và workshop thủ công Nhật Bản."
        ),
        "description_en": (
            "The Japan Foundation Center for Cultural Exchange in Vietnam, with a small exhibition "
            "space, a library and a film room. It regularly runs film festivals, design "
            "exhibitions and Japanese craft workshops."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-013",
    },
    {
        "slug": "vietnam-fine-arts-museum",
        "name": "Bảo tàng Mỹ thuật Việt Nam",
        "kind": "museum",
        "disciplines": ["painting", "ceramics", "printmaking"],
        "district": "ba-dinh",
        "address": "66 Nguyễn Thái Học, Ba Đình, Hà Nội",
        "lat": 21.0308,
        "lng": 105.8369,
        "description_vi": (
            "Bảo tàng lưu giữ các sưu tập hội hoạ, điêu khắc, gốm cổ và tranh dân gian Việt Nam. "
            "Góc sáng tạo của bảo tàng có các buổi trải nghiệm in tranh, vẽ và làm gốm cho học "
            "sinh và gia đình."
        ),
        "description_en": (
            "The museum holds Vietnam's collections of painting, sculpture, antique ceramics and "
            "folk prints. Its creative corner runs print-making, drawing and clay sessions for "
            "students and families."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-014",
    },
    {
        "slug": "vietnamese-womens-museum",
        "name": "Bảo tàng Phụ nữ Việt Nam",
        "kind": "museum",
        "disciplines": ["crafts", "photography"],
        "district": "hoan-kiem",
        "address": "36 Lý Thường Kiệt, Hoàn Kiếm, Hà Nội",
        "lat": 21.0232,
        "lng": 105.8507,
        "description_vi": (
            "Bảo tàng kể về vai trò của phụ nữ Việt Nam qua trang phục, nghề thủ công và ảnh tư "
            "liệu. Cuối tuần, bảo tàng có workshop dệt, thêu và các buổi nói chuyện về nhiếp ảnh."
        ),
        "description_en": (
            "A museum telling the story of Vietnamese women through costume, handicrafts and "
            "documentary photography. At weekends it runs weaving and embroidery workshops and "
            "photography talks."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-015",
    },
    {
        "slug": "national-library-of-vietnam",
        "name": "Thư viện Quốc gia Việt Nam",
        "kind": "library",
        "disciplines": ["printmaking", "design", "photography"],
        "district": "hoan-kiem",
        "address": "31 Tràng Thi, Hoàn Kiếm, Hà Nội",
        "lat": 21.0268,
        "lng": 105.8462,
        "description_vi": (
            "Thư viện lớn nhất cả nước, lưu giữ sách, báo, bản đồ và ảnh tư liệu quý. Thư viện tổ "
            "chức triển lãm về lịch sử in ấn, thiết kế sách và ảnh tư liệu."
        ),
        "description_en": (
            "The country's largest library, holding rare books, newspapers, maps and archival "
            "photographs. It hosts exhibitions on the history of printing, book design and "
            "documentary photography."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-016",
    },
    {
        "slug": "vietnam-museum-of-ethnology",
        "name": "Bảo tàng Dân tộc học Việt Nam",
        "kind": "museum",
        "disciplines": ["crafts", "photography", "film"],
        "district": "cau-giay",
        "address": "Nguyễn Văn Huyên, Nghĩa Đô, Cầu Giấy, Hà Nội",
        "lat": 21.0406,
        "lng": 105.7985,
        "description_vi": (
            "Bảo tàng giới thiệu văn hoá của 54 dân tộc Việt Nam, với khu trưng bày ngoài trời có "
            "nhà truyền thống. Nơi đây thường có trình diễn nghề thủ công, chiếu phim tài liệu và "
            "triển lãm ảnh."
        ),
        "description_en": (
            "A museum presenting the cultures of Vietnam's 54 ethnic groups, with an outdoor "
            "garden of traditional houses. It regularly hosts craft demonstrations, documentary "
            "screenings and photo exhibitions."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-017",
    },
    {
        "slug": "hanoi-museum",
        "name": "Bảo tàng Hà Nội",
        "kind": "museum",
        "disciplines": ["painting", "crafts", "photography"],
        "district": "nam-tu-liem",
        "address": "Phạm Hùng, Mễ Trì, Nam Từ Liêm, Hà Nội",
        "lat": 21.0128,
        "lng": 105.7836,
        "description_vi": (
            "Bảo tàng hình kim tự tháp ngược kể về lịch sử nghìn năm của Thăng Long – Hà Nội. "
            "Không gian sáng tạo trong bảo tàng có workshop tranh dân gian và thủ công miễn phí "
            "cho khách tham quan."
        ),
        "description_en": (
            "A museum shaped like an inverted pyramid that tells the thousand-year history of "
            "Thăng Long – Hanoi. Its creative corner offers free folk-painting and craft workshops "
            "for visitors."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-018",
    },
    {
        "slug": "vietnam-national-museum-of-history",
        "name": "Bảo tàng Lịch sử Quốc gia",
        "kind": "museum",
        "disciplines": ["ceramics", "crafts"],
        "district": "hoan-kiem",
        "address": "1 Tràng Tiền, Hoàn Kiếm, Hà Nội",
        "lat": 21.0243,
        "lng": 105.8593,
        "description_vi": (
            "Bảo tàng trong toà nhà kiến trúc Đông Dương bên bờ sông Hồng, lưu giữ hiện vật từ "
            "thời tiền sử đến hiện đại. Sưu tập gốm cổ của bảo tàng là nguồn cảm hứng cho các buổi "
            "nói chuyện và workshop gốm."
        ),
        "description_en": (
            "A museum in an Indochinese-style building near the Red River, holding artefacts from "
            "prehistory to modern times. Its antique ceramics collection inspires talks and "
            "pottery workshops."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-019",
    },
    {
        "slug": "hoang-thanh-thang-long",
        "name": "Hoàng thành Thăng Long",
        "kind": "cultural-centre",
        "disciplines": ["photography", "crafts"],
        "district": "ba-dinh",
        "address": "19C Hoàng Diệu, Ba Đình, Hà Nội",
        "lat": 21.0349,
        "lng": 105.839,
        "description_vi": (
            "Di sản thế giới giữa trung tâm Hà Nội, với khu khảo cổ, Đoan Môn và điện Kính Thiên. "
            "Khuôn viên thường có triển lãm ảnh, lễ hội và hoạt động trải nghiệm nghề truyền "
            "thống."
        ),
        "description_en": (
            "A World Heritage site in the heart of Hanoi, with its archaeological site, Đoan Môn "
            "gate and Kính Thiên palace. The grounds regularly host photo exhibitions, festivals "
            "and traditional craft activities."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-020",
    },
    {
        "slug": "van-mieu-quoc-tu-giam",
        "name": "Văn Miếu – Quốc Tử Giám",
        "kind": "cultural-centre",
        "disciplines": ["crafts", "printmaking", "music"],
        "district": "dong-da",
        "address": "58 Quốc Tử Giám, Đống Đa, Hà Nội",
        "lat": 21.0285,
        "lng": 105.8355,
        "description_vi": (
            "Quần thể di tích trường đại học đầu tiên của Việt Nam, nơi có bia Tiến sĩ. Trung tâm "
            "Hoạt động Văn hoá Khoa học tổ chức triển lãm, thư pháp, in tranh dân gian và biểu "
            "diễn nhạc cổ truyền."
        ),
        "description_en": (
            "The complex of Vietnam's first university, home to the Doctors' steles. Its cultural "
            "centre organises exhibitions, calligraphy, folk-print making and traditional music "
            "performances."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-021",
    },
    {
        "slug": "trung-tam-giao-luu-van-hoa-pho-co",
        "name": "Trung tâm Giao lưu Văn hoá Phố cổ Hà Nội",
        "kind": "cultural-centre",
        "disciplines": ["crafts", "printmaking"],
        "district": "hoan-kiem",
        "address": "50 Đào Duy Từ, Hoàn Kiếm, Hà Nội",
        "lat": 21.0362,
        "lng": 105.8535,
        "description_vi": (
            "Ngôi nhà cổ ở phố cổ được dùng làm nơi giao lưu văn hoá, giới thiệu nghề thủ công và "
            "tranh Hàng Trống. Khách có thể gặp nghệ nhân và thử tự tay làm sản phẩm."
        ),
        "description_en": (
            "A restored old house in the Old Quarter used for cultural exchange, showcasing "
            "handicrafts and Hàng Trống prints. Visitors can meet artisans and try making things "
            "by hand."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-022",
    },
    {
        "slug": "dinh-kim-ngan",
        "name": "Đình Kim Ngân",
        "kind": "cultural-centre",
        "disciplines": ["music", "crafts"],
        "district": "hoan-kiem",
        "address": "42–44 Hàng Bạc, Hoàn Kiếm, Hà Nội",
        "lat": 21.0342,
        "lng": 105.8532,
        "description_vi": (
            "Ngôi đình của phường thợ bạc xưa trên phố Hàng Bạc, nay là điểm giới thiệu nghề kim "
            "hoàn và biểu diễn ca trù. Các buổi trình diễn nghề và hát thờ được tổ chức định kỳ."
        ),
        "description_en": (
            "The communal house of the old silversmiths' guild on Hàng Bạc street, now a venue for "
            "jewellery crafts and ca trù singing. Craft demonstrations and ritual singing are held "
            "regularly."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-023",
    },
    {
        "slug": "hanoi-studio-gallery",
        "name": "Hanoi Studio Gallery",
        "kind": "gallery",
        "disciplines": ["painting", "printmaking"],
        "district": "hoan-kiem",
        "address": "13 Tràng Tiền, Hoàn Kiếm, Hà Nội",
        "lat": 21.0251,
        "lng": 105.8545,
        "description_vi": (
            "Phòng tranh trên phố Tràng Tiền giới thiệu hội hoạ, đồ hoạ và điêu khắc của các hoạ "
            "sĩ Việt Nam. Phòng tranh tổ chức triển lãm nhóm và các buổi gặp gỡ nghệ sĩ."
        ),
        "description_en": (
            "A gallery on Tràng Tiền street showing paintings, prints and sculpture by Vietnamese "
            "artists. It holds group exhibitions and meet-the-artist evenings."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-024",
    },
    {
        "slug": "art-vietnam-gallery",
        "name": "Art Vietnam Gallery",
        "kind": "gallery",
        "disciplines": ["painting", "photography"],
        "district": "hoan-kiem",
        "address": "7 Nguyễn Khắc Cần, Hoàn Kiếm, Hà Nội",
        "lat": 21.0238,
        "lng": 105.8567,
        "description_vi": (
            "Phòng tranh lâu năm chuyên về mỹ thuật Việt Nam hiện đại và đương đại. Phòng tranh "
            "thường xuyên tổ chức triển lãm hội hoạ và nhiếp ảnh."
        ),
        "description_en": (
            "A long-established gallery specialising in modern and contemporary Vietnamese art. It "
            "regularly stages painting and photography exhibitions."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-025",
    },
    {
        "slug": "apricot-gallery",
        "name": "Apricot Gallery",
        "kind": "gallery",
        "disciplines": ["painting"],
        "district": "hoan-kiem",
        "address": "40B Hàng Bông, Hoàn Kiếm, Hà Nội",
        "lat": 21.0307,
        "lng": 105.8478,
        "description_vi": (
            "Phòng tranh trên phố Hàng Bông giới thiệu tác phẩm sơn dầu, sơn mài của các hoạ sĩ "
            "Việt Nam tên tuổi."
        ),
        "description_en": (
            "A gallery on Hàng Bông street presenting oil and lacquer paintings by well-known "
            "Vietnamese artists."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-026",
    },
    {
        "slug": "tach-spaces",
        "name": "Tách Spaces",
        "kind": "art-space",
        "disciplines": ["painting", "design"],
        "district": "hoan-kiem",
        "address": "20 Hai Bà Trưng, Hoàn Kiếm, Hà Nội",
        "lat": 21.0249,
        "lng": 105.8528,
        "description_vi": (
            "Không gian nghệ thuật nhỏ trong một toà nhà cũ giữa khu phố Pháp, dành cho triển lãm "
            "của nghệ sĩ trẻ. Các triển lãm ở đây thường mời người xem tương tác với tác phẩm."
        ),
        "description_en": (
            "A small art space in an old building in the French Quarter, devoted to shows by young "
            "artists. Its exhibitions often invite visitors to interact with the works."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-027",
    },
    {
        "slug": "tranquil-books-and-coffee",
        "name": "Tranquil Books & Coffee",
        "kind": "cafe",
        "disciplines": ["music", "crafts"],
        "district": "hoan-kiem",
        "address": "5 Nguyễn Quang Bích, Hoàn Kiếm, Hà Nội",
        "lat": 21.0318,
        "lng": 105.8443,
        "description_vi": (
            "Quán cà phê sách yên tĩnh với kệ sách trao đổi và những buổi tối nhạc mộc. Quán thỉnh "
            "thoảng mở các lớp thủ công nhỏ vào cuối tuần."
        ),
        "description_en": (
            "A quiet book café with book-swap shelves and acoustic music evenings. It occasionally "
            "runs small craft classes at weekends."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-028",
    },
    {
        "slug": "the-hanoi-social-club",
        "name": "The Hanoi Social Club",
        "kind": "cafe",
        "disciplines": ["music", "painting"],
        "district": "hoan-kiem",
        "address": "6 Hội Vũ, Hoàn Kiếm, Hà Nội",
        "lat": 21.0288,
        "lng": 105.8462,
        "description_vi": (
            "Quán cà phê ba tầng trong ngõ Hội Vũ, quen thuộc với các đêm nhạc sống và triển lãm "
            "tranh nhỏ."
        ),
        "description_en": (
            "A three-storey café in Hội Vũ lane, known for live music nights and small painting "
            "shows."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-029",
    },
    {
        "slug": "trung-tam-chieu-phim-quoc-gia",
        "name": "Trung tâm Chiếu phim Quốc gia",
        "kind": "cinema",
        "disciplines": ["film"],
        "district": "ba-dinh",
        "address": "87 Láng Hạ, Ba Đình, Hà Nội",
        "lat": 21.0155,
        "lng": 105.814,
        "description_vi": (
            "Trung tâm chiếu phim lâu đời của Hà Nội, nơi diễn ra nhiều tuần phim và liên hoan "
            "phim. Các buổi chiếu phim Việt Nam kinh điển có giao lưu với đoàn làm phim."
        ),
        "description_en": (
            "A long-standing Hanoi cinema that hosts many film weeks and festivals. Its screenings "
            "of Vietnamese classics come with Q&As with the film crews."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-030",
    },
    {
        "slug": "vien-phim-viet-nam",
        "name": "Viện Phim Việt Nam",
        "kind": "cinema",
        "disciplines": ["film"],
        "district": "ba-dinh",
        "address": "523 Kim Mã, Ba Đình, Hà Nội",
        "lat": 21.031,
        "lng": 105.8105,
        "description_vi": (
            "Cơ quan lưu trữ phim quốc gia, bảo quản phim nhựa và tư liệu điện ảnh Việt Nam. Phòng "
            "chiếu của Viện tổ chức các buổi chiếu phim tư liệu và phim phục chế."
        ),
        "description_en": (
            "The national film archive, preserving Vietnamese film reels and cinema records. Its "
            "screening room shows archival documentaries and restored films."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-031",
    },
    {
        "slug": "rap-thang-tam",
        "name": "Rạp Tháng Tám",
        "kind": "cinema",
        "disciplines": ["film"],
        "district": "hoan-kiem",
        "address": "45 Hàng Bài, Hoàn Kiếm, Hà Nội",
        "lat": 21.0213,
        "lng": 105.8527,
        "description_vi": (
            "Rạp chiếu phim lâu năm trên phố Hàng Bài, gắn với ký ức xem phim của nhiều thế hệ "
            "người Hà Nội. Rạp tổ chức các tuần phim Việt Nam và phim thiếu nhi."
        ),
        "description_en": (
            "A long-standing cinema on Hàng Bài street, part of many Hanoians' moviegoing "
            "memories. It hosts Vietnamese film weeks and children's screenings."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-032",
    },
    {
        "slug": "dai-hoc-my-thuat-viet-nam",
        "name": "Trường Đại học Mỹ thuật Việt Nam",
        "kind": "education",
        "disciplines": ["painting", "printmaking", "ceramics"],
        "district": "hoan-kiem",
        "address": "42 Yết Kiêu, Hoàn Kiếm, Hà Nội",
        "lat": 21.0222,
        "lng": 105.8443,
        "description_vi": (
            "Ngôi trường tiếp nối Trường Mỹ thuật Đông Dương, đào tạo hội hoạ, đồ hoạ, điêu khắc "
            "và gốm. Các khoá ngắn hạn cuối tuần mở cửa cho người yêu nghệ thuật."
        ),
        "description_en": (
            "The successor to the Indochina College of Fine Arts, teaching painting, printmaking, "
            "sculpture and ceramics. Its short weekend courses are open to art lovers."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-033",
    },
    {
        "slug": "dai-hoc-my-thuat-cong-nghiep",
        "name": "Trường Đại học Mỹ thuật Công nghiệp",
        "kind": "education",
        "disciplines": ["design", "ceramics", "printmaking"],
        "district": "dong-da",
        "address": "360 La Thành, Đống Đa, Hà Nội",
        "lat": 21.0232,
        "lng": 105.8262,
        "description_vi": (
            "Trường đào tạo thiết kế đồ hoạ, thời trang, nội thất, gốm và sơn mài. Xưởng gốm và "
            "xưởng in của trường mở các lớp ngắn hạn cho công chúng."
        ),
        "description_en": (
            "A university teaching graphic, fashion and interior design, ceramics and lacquer. Its "
            "ceramics and print studios run short courses for the public."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-034",
    },
    {
        "slug": "dai-hoc-san-khau-dien-anh",
        "name": "Trường Đại học Sân khấu – Điện ảnh Hà Nội",
        "kind": "education",
        "disciplines": ["film", "photography"],
        "district": "cau-giay",
        "address": "Khu Văn hoá Nghệ thuật, Mai Dịch, Cầu Giấy, Hà Nội",
        "lat": 21.0378,
        "lng": 105.7765,
        "description_vi": (
            "Trường đào tạo đạo diễn, quay phim, diễn viên và nhiếp ảnh. Sinh viên thường chiếu "
            "phim tốt nghiệp và mở lớp làm phim ngắn cho người mới."
        ),
        "description_en": (
            "A school for directing, cinematography, acting and photography. Students regularly "
            "screen graduation films and run short-film classes for beginners."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-035",
    },
    {
        "slug": "hoc-vien-am-nhac-quoc-gia",
        "name": "Học viện Âm nhạc Quốc gia Việt Nam",
        "kind": "education",
        "disciplines": ["music"],
        "district": "dong-da",
        "address": "77 Hào Nam, Đống Đa, Hà Nội",
        "lat": 21.0248,
        "lng": 105.8268,
        "description_vi": (
            "Cơ sở đào tạo âm nhạc hàng đầu cả nước, có phòng hoà nhạc và các lớp nhạc cụ dân tộc. "
            "Các buổi hoà nhạc của sinh viên thường mở cửa tự do."
        ),
        "description_en": (
            "The country's leading music academy, with a concert hall and traditional instrument "
            "classes. Student concerts are usually free to attend."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-036",
    },
    {
        "slug": "thu-vien-ha-noi",
        "name": "Thư viện Hà Nội",
        "kind": "library",
        "disciplines": ["design", "photography", "crafts"],
        "district": "hoan-kiem",
        "address": "47 Bà Triệu, Hoàn Kiếm, Hà Nội",
        "lat": 21.0202,
        "lng": 105.85,
        "description_vi": (
            "Thư viện thành phố với phòng đọc thiếu nhi, không gian đọc mở và khu triển lãm nhỏ. "
            "Cuối tuần, thư viện có lớp thủ công và buổi nói chuyện về sách ảnh, thiết kế sách."
        ),
        "description_en": (
            "The city library with a children's reading room, open reading areas and a small "
            "exhibition corner. At weekends it runs craft classes and talks on photo books and "
            "book design."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-037",
    },
    {
        "slug": "pho-sach-ha-noi",
        "name": "Phố Sách Hà Nội",
        "kind": "library",
        "disciplines": ["printmaking", "design"],
        "district": "hoan-kiem",
        "address": "Phố 19 Tháng 12, Hoàn Kiếm, Hà Nội",
        "lat": 21.0232,
        "lng": 105.8528,
        "description_vi": (
            "Tuyến phố đi bộ dành cho sách với các gian hàng của nhà xuất bản và không gian đọc "
            "ngoài trời. Nơi đây thường có buổi ra mắt sách, workshop minh hoạ và in ấn."
        ),
        "description_en": (
            "A pedestrian street devoted to books, with publishers' stalls and outdoor reading "
            "areas. It regularly hosts book launches and illustration and printing workshops."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-038",
    },
    {
        "slug": "british-council-ha-noi",
        "name": "Hội đồng Anh (British Council) Hà Nội",
        "kind": "cultural-centre",
        "disciplines": ["design", "music", "film"],
        "district": "tay-ho",
        "address": "20 Thuỵ Khuê, Tây Hồ, Hà Nội",
        "lat": 21.0435,
        "lng": 105.8345,
        "description_vi": (
            "Tổ chức văn hoá và giáo dục của Vương quốc Anh, đồng hành với nhiều dự án công nghiệp "
            "sáng tạo tại Hà Nội. Nơi đây tổ chức toạ đàm thiết kế, chiếu phim và chương trình âm "
            "nhạc."
        ),
        "description_en": (
            "The UK's cultural and educational organisation, a partner of many creative-industry "
            "projects in Hanoi. It hosts design talks, film screenings and music programmes."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-039",
    },
    {
        "slug": "cung-van-hoa-huu-nghi",
        "name": "Cung Văn hoá Hữu nghị Việt Xô",
        "kind": "cultural-centre",
        "disciplines": ["music", "painting"],
        "district": "hoan-kiem",
        "address": "91 Trần Hưng Đạo, Hoàn Kiếm, Hà Nội",
        "lat": 21.023,
        "lng": 105.8438,
        "description_vi": (
            "Công trình văn hoá lớn với nhà hát, phòng triển lãm và nhiều câu lạc bộ nghệ thuật. "
            "Các lớp nhạc, vẽ cho thiếu nhi và người lớn diễn ra quanh năm."
        ),
        "description_en": (
            "A large cultural palace with a theatre, exhibition halls and many arts clubs. Music "
            "and drawing classes for children and adults run all year round."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-040",
    },
    {
        "slug": "cung-thieu-nhi-ha-noi",
        "name": "Cung Thiếu nhi Hà Nội",
        "kind": "education",
        "disciplines": ["painting", "crafts", "music"],
        "district": "hoan-kiem",
        "address": "36 Lý Thái Tổ, Hoàn Kiếm, Hà Nội",
        "lat": 21.0296,
        "lng": 105.8548,
        "description_vi": (
            "Trung tâm hoạt động ngoại khoá cho thiếu nhi bên hồ Hoàn Kiếm, với lớp vẽ, thủ công, "
            "âm nhạc và múa."
        ),
        "description_en": (
            "An after-school activity centre for children by Hoàn Kiếm lake, with drawing, crafts, "
            "music and dance classes."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-041",
    },
    {
        "slug": "phuong-bach-nghe",
        "name": "Phường Bách Nghệ",
        "kind": "cultural-centre",
        "disciplines": ["crafts", "painting"],
        "district": "ha-dong",
        "address": "Biệt thự Hoàng Thành, Mộ Lao, Hà Đông, Hà Nội",
        "lat": 20.985,
        "lng": 105.786,
        "description_vi": (
            "Trung tâm nghiên cứu và ứng dụng sản phẩm làng nghề Việt, trưng bày đồ chơi Trung thu "
            "truyền thống. Khách có thể làm đèn ông sao, mặt nạ giấy bồi và nặn tò he cùng nghệ "
            "nhân."
        ),
        "description_en": (
            "A centre researching and reviving Vietnamese craft-village products, with a display "
            "of traditional Mid-Autumn toys. Visitors can make star lanterns, papier-mâché masks "
            "and tò he figurines with artisans."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-042",
    },
    {
        "slug": "lang-lua-van-phuc",
        "name": "Làng lụa Vạn Phúc",
        "kind": "cultural-centre",
        "disciplines": ["crafts", "design"],
        "district": "ha-dong",
        "address": "Vạn Phúc, Hà Đông, Hà Nội",
        "lat": 20.979,
        "lng": 105.7745,
        "description_vi": (
            "Làng dệt lụa hơn nghìn năm tuổi bên sông Nhuệ, vẫn còn nhiều khung cửi đang hoạt "
            "động. Khách có thể xem dệt lụa, thử nhuộm vải và gặp các nhà thiết kế trẻ dùng lụa "
            "Vạn Phúc."
        ),
        "description_en": (
            "A silk-weaving village more than a thousand years old on the Nhuệ river, with many "
            "looms still working. Visitors can watch silk weaving, try fabric dyeing and meet "
            "young designers who work with Vạn Phúc silk."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-043",
    },
    {
        "slug": "trung-tam-trien-lam-van-hoa-nghe-thuat",
        "name": "Trung tâm Triển lãm Văn hoá Nghệ thuật Việt Nam",
        "kind": "gallery",
        "disciplines": ["painting", "photography"],
        "district": "hai-ba-trung",
        "address": "2 Hoa Lư, Hai Bà Trưng, Hà Nội",
        "lat": 21.0118,
        "lng": 105.8478,
        "description_vi": (
            "Trung tâm triển lãm lớn bên hồ Thiền Quang, thường xuyên có triển lãm mỹ thuật và "
            "nhiếp ảnh toàn quốc."
        ),
        "description_en": (
            "A large exhibition centre by Thiền Quang lake that regularly hosts national fine art "
            "and photography shows."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-044",
    },
    {
        "slug": "thu-vien-ta-quang-buu",
        "name": "Thư viện Tạ Quang Bửu",
        "kind": "library",
        "disciplines": ["design", "photography"],
        "district": "hai-ba-trung",
        "address": "1 Đại Cồ Việt, Hai Bà Trưng, Hà Nội",
        "lat": 21.0063,
        "lng": 105.8432,
        "description_vi": (
            "Thư viện của Đại học Bách khoa Hà Nội với không gian học tập mở và phòng sáng chế. "
            "Thư viện tổ chức toạ đàm thiết kế và triển lãm ảnh của sinh viên."
        ),
        "description_en": (
            "The Hanoi University of Science and Technology library, with open study areas and a "
            "makerspace. It hosts design talks and student photo exhibitions."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-045",
    },
    {
        "slug": "nha-may-xe-lua-gia-lam",
        "name": "Nhà máy Xe lửa Gia Lâm",
        "kind": "art-space",
        "disciplines": ["design", "photography"],
        "district": "long-bien",
        "address": "551 Nguyễn Văn Cừ, Long Biên, Hà Nội",
        "lat": 21.0475,
        "lng": 105.877,
        "description_vi": (
            "Nhà máy xe lửa hơn trăm năm tuổi, từng là địa điểm của Lễ hội Thiết kế Sáng tạo Hà "
            "Nội. Các nhà xưởng cũ được dùng cho triển lãm thiết kế, nhiếp ảnh và tour di sản công "
            "nghiệp."
        ),
        "description_en": (
            "A century-old railway workshop that has hosted the Hanoi Creative Design Festival. "
            "Its old halls are used for design and photography exhibitions and industrial-heritage "
            "tours."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-046",
    },
    {
        "slug": "xuong-gom-nho-tay-ho",
        "name": "Xưởng Gốm Nhỏ Tây Hồ",
        "kind": "art-space",
        "disciplines": ["ceramics", "crafts"],
        "district": "tay-ho",
        "address": "Ngõ 31 Xuân Diệu, Quảng An, Tây Hồ, Hà Nội",
        "lat": 21.0655,
        "lng": 105.8275,
        "description_vi": (
            "Xưởng gốm nhỏ trong một con ngõ yên tĩnh gần hồ Tây, có sáu bàn xoay và một lò nung "
            "điện. Các lớp cuối tuần thường kín chỗ từ sớm."
        ),
        "description_en": (
            "A small pottery studio in a quiet lane near West Lake, with six wheels and an "
            "electric kiln. Its weekend classes are often fully booked well in advance."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-047",
    },
    {
        "slug": "rap-phim-mai-nha-tay-ho",
        "name": "Rạp Phim Mái Nhà Tây Hồ",
        "kind": "cinema",
        "disciplines": ["film", "music"],
        "district": "tay-ho",
        "address": "Đặng Thai Mai, Quảng An, Tây Hồ, Hà Nội",
        "lat": 21.0618,
        "lng": 105.8268,
        "description_vi": (
            "Sân thượng của một toà nhà cũ được biến thành rạp chiếu phim mini với ghế lười và máy "
            "chiếu. Tối cuối tuần có chiếu phim độc lập, thỉnh thoảng kèm nhạc sống."
        ),
        "description_en": (
            "The rooftop of an old building turned into a mini cinema with bean bags and a "
            "projector. Weekend evenings bring independent films, sometimes with live music."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-048",
    },
    {
        "slug": "ca-phe-hoa-that-quang-ba",
        "name": "Cà phê Hoạ Thất Quảng Bá",
        "kind": "cafe",
        "disciplines": ["painting", "candle-making"],
        "district": "tay-ho",
        "address": "Ngõ 52 Quảng Bá, Tây Hồ, Hà Nội",
        "lat": 21.0688,
        "lng": 105.8282,
        "description_vi": (
            "Quán cà phê nhỏ của một cặp hoạ sĩ, tầng trên là góc vẽ có cửa sổ nhìn ra hồ. Quán mở "
            "lớp vẽ màu nước và làm nến thơm cho nhóm nhỏ."
        ),
        "description_en": (
            "A small café run by two painters, with a drawing corner upstairs overlooking the "
            "lake. It runs watercolour and scented-candle classes for small groups."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-049",
    },
    {
        "slug": "xuong-nen-thom-xuan-dieu",
        "name": "Xưởng Nến Thơm Xuân Diệu",
        "kind": "art-space",
        "disciplines": ["candle-making", "crafts"],
        "district": "tay-ho",
        "address": "Ngõ 12 Xuân Diệu, Tây Hồ, Hà Nội",
        "lat": 21.0638,
        "lng": 105.829,
        "description_vi": (
            "Xưởng làm nến thủ công dùng sáp đậu nành, sáp ong và tinh dầu Việt Nam. Người học tự "
            "pha mùi và mang về chiếc nến do chính mình làm."
        ),
        "description_en": (
            "A handmade candle workshop using soy wax, beeswax and Vietnamese essential oils. "
            "Participants blend their own scent and take home the candle they made."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-050",
    },
    {
        "slug": "xuong-nen-khuong-trung",
        "name": "Xưởng Nến Khương Trung",
        "kind": "art-space",
        "disciplines": ["candle-making", "crafts"],
        "district": "thanh-xuan",
        "address": "Ngõ 190 Khương Trung, Thanh Xuân, Hà Nội",
        "lat": 20.9978,
        "lng": 105.8232,
        "description_vi": (
            "Xưởng nến và đồ thơm trong một căn nhà ống được cải tạo. Các lớp buổi tối trong tuần "
            "phù hợp với người đi làm."
        ),
        "description_en": (
            "A candle and home-fragrance studio in a renovated tube house. Its weekday evening "
            "classes suit people with office jobs."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-051",
    },
    {
        "slug": "ca-phe-sach-nguyen-trai",
        "name": "Cà phê Sách Nguyễn Trãi",
        "kind": "cafe",
        "disciplines": ["painting", "music"],
        "district": "thanh-xuan",
        "address": "Ngõ 296 Nguyễn Trãi, Thanh Xuân, Hà Nội",
        "lat": 20.9958,
        "lng": 105.8088,
        "description_vi": (
            "Quán cà phê sách gần các trường đại học, nơi sinh viên đến đọc, vẽ và nghe nhạc mộc. "
            "Tối thứ Sáu có buổi mở mic cho người chơi nhạc nghiệp dư."
        ),
        "description_en": (
            "A book café near the universities where students come to read, draw and listen to "
            "acoustic sets. Friday nights bring an open mic for amateur musicians."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-052",
    },
    {
        "slug": "xuong-chung-thanh-xuan",
        "name": "Xưởng Chung Thanh Xuân",
        "kind": "co-working",
        "disciplines": ["design", "printmaking"],
        "district": "thanh-xuan",
        "address": "Nguyễn Tuân, Thanh Xuân, Hà Nội",
        "lat": 20.9995,
        "lng": 105.803,
        "description_vi": (
            "Không gian làm việc chung cho nhà thiết kế đồ hoạ và hoạ sĩ minh hoạ, có máy in "
            "risograph dùng chung. Thành viên thường tổ chức buổi làm zine mở cho mọi người."
        ),
        "description_en": (
            "A co-working space for graphic designers and illustrators, with a shared risograph "
            "printer. Members often run zine-making sessions open to everyone."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-053",
    },
    {
        "slug": "xuong-gom-linh-dam",
        "name": "Xưởng Gốm Linh Đàm",
        "kind": "art-space",
        "disciplines": ["ceramics"],
        "district": "hoang-mai",
        "address": "Bán đảo Linh Đàm, Hoàng Liệt, Hoàng Mai, Hà Nội",
        "lat": 20.9725,
        "lng": 105.8312,
        "description_vi": (
            "Xưởng gốm gia đình cạnh hồ Linh Đàm, chuyên lớp nặn tay và bàn xoay cho trẻ em và cha "
            "mẹ."
        ),
        "description_en": (
            "A family pottery studio by Linh Đàm lake, focusing on hand-building and wheel classes "
            "for children and parents."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-054",
    },
    {
        "slug": "thu-vien-cong-dong-hoang-mai",
        "name": "Thư viện Cộng đồng Hoàng Mai",
        "kind": "library",
        "disciplines": ["crafts", "printmaking", "design"],
        "district": "hoang-mai",
        "address": "Tam Trinh, Hoàng Mai, Hà Nội",
        "lat": 20.9832,
        "lng": 105.8638,
        "description_vi": (
            "Thư viện cộng đồng do tình nguyện viên vận hành, có góc sách thiếu nhi và bàn làm thủ "
            "công. Cuối tuần có lớp làm sách tranh và in con dấu."
        ),
        "description_en": (
            "A volunteer-run community library with a children's corner and a craft table. At "
            "weekends it holds picture-book making and stamp printing classes."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-055",
    },
    {
        "slug": "ca-phe-thu-cong-dinh-cong",
        "name": "Cà phê Thủ công Định Công",
        "kind": "cafe",
        "disciplines": ["crafts", "candle-making"],
        "district": "hoang-mai",
        "address": "Định Công Thượng, Hoàng Mai, Hà Nội",
        "lat": 20.9818,
        "lng": 105.8335,
        "description_vi": (
            "Quán cà phê kiêm xưởng nhỏ, nơi khách có thể vừa uống trà vừa đan móc, làm nến hoặc "
            "thêu. Mỗi buổi chỉ nhận khoảng mười người."
        ),
        "description_en": (
            "A café doubling as a small workshop where guests can knit, make candles or embroider "
            "over tea. Each session takes only about ten people."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-056",
    },
    {
        "slug": "lop-ve-thieu-nhi-hoang-mai",
        "name": "Lớp Vẽ Thiếu nhi Hoàng Mai",
        "kind": "education",
        "disciplines": ["painting", "crafts"],
        "district": "hoang-mai",
        "address": "Giải Phóng, Hoàng Mai, Hà Nội",
        "lat": 20.984,
        "lng": 105.8418,
        "description_vi": (
            "Lớp vẽ và thủ công cho trẻ em từ 6 đến 12 tuổi, do các giáo viên mỹ thuật trẻ phụ "
            "trách. Mỗi cuối tháng có triển lãm nhỏ tranh của các em."
        ),
        "description_en": (
            "Drawing and craft classes for children aged 6 to 12, taught by young art teachers. A "
            "small show of the children's work closes every month."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-057",
    },
    {
        "slug": "rooftop-cinema-long-bien",
        "name": "Rooftop Cinema Long Biên",
        "kind": "cinema",
        "disciplines": ["film"],
        "district": "long-bien",
        "address": "Nguyễn Văn Cừ, Ngọc Lâm, Long Biên, Hà Nội",
        "lat": 21.047,
        "lng": 105.8722,
        "description_vi": (
            "Rạp chiếu phim ngoài trời trên sân thượng, nhìn về phía cầu Long Biên. Mùa khô có "
            "chiếu phim cuối tuần và các buổi phim ngắn của nhà làm phim trẻ."
        ),
        "description_en": (
            "An open-air rooftop cinema looking towards Long Biên bridge. In the dry season it "
            "shows weekend films and short-film nights by young filmmakers."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-058",
    },
    {
        "slug": "xuong-gom-bo-de",
        "name": "Xưởng Gốm Bồ Đề",
        "kind": "art-space",
        "disciplines": ["ceramics", "crafts"],
        "district": "long-bien",
        "address": "Ngõ 480 Nguyễn Văn Cừ, Bồ Đề, Long Biên, Hà Nội",
        "lat": 21.0398,
        "lng": 105.8695,
        "description_vi": (
            "Xưởng gốm trong một nhà kho cũ, dùng đất và men từ các lò Bát Tràng gần đó. Xưởng có "
            "lớp bàn xoay, nặn tay và vẽ men."
        ),
        "description_en": (
            "A pottery studio in an old warehouse, using clay and glazes from the nearby Bát Tràng "
            "kilns. It offers wheel, hand-building and glaze-painting classes."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-059",
    },
    {
        "slug": "ca-phe-hoa-si-ngoc-lam",
        "name": "Cà phê Hoạ Sĩ Ngọc Lâm",
        "kind": "cafe",
        "disciplines": ["painting", "photography"],
        "district": "long-bien",
        "address": "Ngọc Lâm, Long Biên, Hà Nội",
        "lat": 21.0445,
        "lng": 105.8702,
        "description_vi": (
            "Quán cà phê do một nhiếp ảnh gia và một hoạ sĩ mở, treo tranh và ảnh về đời sống bên "
            "kia sông Hồng. Quán có buổi vẽ ký hoạ và dạo phố chụp ảnh vào sáng Chủ nhật."
        ),
        "description_en": (
            "A café opened by a photographer and a painter, hung with pictures of life across the "
            "Red River. It runs sketching sessions and photo walks on Sunday mornings."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-060",
    },
    {
        "slug": "nha-kho-sang-tao-duc-giang",
        "name": "Nhà Kho Sáng Tạo Đức Giang",
        "kind": "co-working",
        "disciplines": ["design", "printmaking", "crafts"],
        "district": "long-bien",
        "address": "Đức Giang, Long Biên, Hà Nội",
        "lat": 21.0652,
        "lng": 105.8885,
        "description_vi": (
            "Nhà kho cũ được chia thành các xưởng nhỏ cho thợ mộc, nhà thiết kế và thợ in lụa thuê "
            "chung. Mỗi tháng có một ngày mở cửa xưởng cho công chúng."
        ),
        "description_en": (
            "An old warehouse divided into small shared studios for woodworkers, designers and "
            "screen printers. Once a month the studios open their doors to the public."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-061",
    },
    {
        "slug": "xuong-in-lua-my-dinh",
        "name": "Xưởng In Lụa Mỹ Đình",
        "kind": "art-space",
        "disciplines": ["printmaking", "design"],
        "district": "nam-tu-liem",
        "address": "Lê Đức Thọ, Mỹ Đình, Nam Từ Liêm, Hà Nội",
        "lat": 21.0305,
        "lng": 105.7705,
        "description_vi": (
            "Xưởng in lụa nhận đơn in áo, túi vải và tranh in cho các nhóm sáng tạo. Cuối tuần "
            "xưởng mở lớp in lụa cho người mới bắt đầu."
        ),
        "description_en": (
            "A screen-printing studio producing T-shirts, tote bags and art prints for creative "
            "groups. At weekends it opens screen-printing classes for beginners."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-062",
    },
    {
        "slug": "khong-gian-lam-viec-chung-me-tri",
        "name": "Không gian Làm việc chung Mễ Trì",
        "kind": "co-working",
        "disciplines": ["design", "photography"],
        "district": "nam-tu-liem",
        "address": "Mễ Trì Thượng, Nam Từ Liêm, Hà Nội",
        "lat": 21.0082,
        "lng": 105.7792,
        "description_vi": (
            "Không gian làm việc chung có studio chụp ảnh nhỏ và phòng họp cho các nhóm thiết kế. "
            "Thành viên có thể thuê studio theo giờ."
        ),
        "description_en": (
            "A co-working space with a small photo studio and meeting rooms for design teams. "
            "Members can rent the studio by the hour."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-063",
    },
    {
        "slug": "ca-phe-nen-va-gom-my-dinh",
        "name": "Cà phê Nến & Gốm Mỹ Đình",
        "kind": "cafe",
        "disciplines": ["candle-making", "ceramics"],
        "district": "nam-tu-liem",
        "address": "Nguyễn Cơ Thạch, Mỹ Đình, Nam Từ Liêm, Hà Nội",
        "lat": 21.0272,
        "lng": 105.7662,
        "description_vi": (
            "Quán cà phê có bàn làm nến và góc vẽ gốm, phù hợp cho nhóm bạn và gia đình. Khách có "
            "thể đổ nến vào chiếc cốc gốm mình vừa vẽ."
        ),
        "description_en": (
            "A café with a candle-making bar and a pottery-painting corner, good for friends and "
            "families. Guests can pour a candle into the cup they have just painted."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-064",
    },
    {
        "slug": "xuong-gom-co-nhue",
        "name": "Xưởng Gốm Cổ Nhuế",
        "kind": "art-space",
        "disciplines": ["ceramics", "crafts"],
        "district": "bac-tu-liem",
        "address": "Cổ Nhuế 1, Bắc Từ Liêm, Hà Nội",
        "lat": 21.0648,
        "lng": 105.7798,
        "description_vi": (
            "Xưởng gốm do hai cựu sinh viên mỹ thuật lập ra, chuyên đồ gốm dùng hằng ngày. Xưởng "
            "mở lớp nặn tay và bàn xoay vào cuối tuần."
        ),
        "description_en": (
            "A pottery studio set up by two fine-arts graduates, making everyday tableware. It "
            "runs hand-building and wheel classes at weekends."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-065",
    },
    {
        "slug": "thu-vien-cong-dong-bac-tu-liem",
        "name": "Thư viện Cộng đồng Bắc Từ Liêm",
        "kind": "library",
        "disciplines": ["crafts", "printmaking"],
        "district": "bac-tu-liem",
        "address": "Phạm Văn Đồng, Bắc Từ Liêm, Hà Nội",
        "lat": 21.0582,
        "lng": 105.7828,
        "description_vi": (
            "Thư viện nhỏ cho thiếu nhi và gia đình, có góc đọc, góc thủ công và lớp làm sách tự "
            "in."
        ),
        "description_en": (
            "A small library for children and families, with a reading nook, a craft corner and "
            "self-published book classes."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-066",
    },
    {
        "slug": "xuong-anh-phu-dien",
        "name": "Xưởng Ảnh Phú Diễn",
        "kind": "art-space",
        "disciplines": ["photography", "film"],
        "district": "bac-tu-liem",
        "address": "Phú Diễn, Bắc Từ Liêm, Hà Nội",
        "lat": 21.0478,
        "lng": 105.7605,
        "description_vi": (
            "Xưởng ảnh có phòng tối tráng phim và phòng chiếu nhỏ. Nơi đây mở lớp chụp ảnh phim và "
            "các buổi chiếu phim ngắn."
        ),
        "description_en": (
            "A photography studio with a film darkroom and a small screening room. It runs "
            "film-photography classes and short-film screenings."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-067",
    },
    {
        "slug": "xuong-nen-thom-van-quan",
        "name": "Xưởng Nến Thơm Văn Quán",
        "kind": "art-space",
        "disciplines": ["candle-making"],
        "district": "ha-dong",
        "address": "Văn Quán, Hà Đông, Hà Nội",
        "lat": 20.9782,
        "lng": 105.7918,
        "description_vi": (
            "Xưởng nến nhỏ gần hồ Văn Quán, chuyên nến sáp đậu nành và nến tinh dầu bưởi. Lớp học "
            "kéo dài khoảng hai giờ và phù hợp cho người mới."
        ),
        "description_en": (
            "A small candle studio near Văn Quán lake, specialising in soy candles and pomelo-oil "
            "candles. Classes last about two hours and suit beginners."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-068",
    },
    {
        "slug": "phong-tranh-nho-dich-vong",
        "name": "Phòng Tranh Nhỏ Dịch Vọng",
        "kind": "gallery",
        "disciplines": ["painting", "printmaking"],
        "district": "cau-giay",
        "address": "Dịch Vọng Hậu, Cầu Giấy, Hà Nội",
        "lat": 21.0335,
        "lng": 105.793,
        "description_vi": (
            "Phòng tranh nhỏ giới thiệu tranh in và tranh giấy của hoạ sĩ trẻ với giá vừa phải. "
            "Phòng tranh mở buổi nói chuyện với nghệ sĩ mỗi khi khai mạc triển lãm."
        ),
        "description_en": (
            "A small gallery showing affordable prints and works on paper by young artists. Each "
            "opening comes with an artist talk."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-069",
    },
    {
        "slug": "xuong-nen-va-hoa-kho-nghia-tan",
        "name": "Xưởng Nến & Hoa Khô Nghĩa Tân",
        "kind": "art-space",
        "disciplines": ["candle-making", "crafts"],
        "district": "cau-giay",
        "address": "Nghĩa Tân, Cầu Giấy, Hà Nội",
        "lat": 21.0462,
        "lng": 105.7945,
        "description_vi": (
            "Xưởng nhỏ trong khu tập thể cũ, làm nến thơm ép hoa khô và thiệp thủ công. Lớp học "
            "cuối tuần thường kín chỗ trước vài ngày."
        ),
        "description_en": (
            "A small studio in an old collective housing block, making pressed-flower candles and "
            "handmade cards. Weekend classes usually fill up days ahead."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-070",
    },
    {
        "slug": "xuong-thiet-ke-chung-duy-tan",
        "name": "Xưởng Thiết Kế Chung Duy Tân",
        "kind": "co-working",
        "disciplines": ["design", "photography"],
        "district": "cau-giay",
        "address": "Duy Tân, Dịch Vọng Hậu, Cầu Giấy, Hà Nội",
        "lat": 21.0305,
        "lng": 105.7835,
        "description_vi": (
            "Không gian làm việc chung cho các studio thiết kế nhỏ, có phòng chụp sản phẩm. Mỗi "
            "tháng có buổi chia sẻ về thiết kế đồ hoạ và nhận diện thương hiệu."
        ),
        "description_en": (
            "A co-working space for small design studios, with a product-photography room. Monthly "
            "meet-ups cover graphic design and brand identity."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-071",
    },
    {
        "slug": "xuong-in-lua-kham-thien",
        "name": "Xưởng In Lụa Khâm Thiên",
        "kind": "art-space",
        "disciplines": ["printmaking", "design"],
        "district": "dong-da",
        "address": "Ngõ Thọ Quan, Khâm Thiên, Đống Đa, Hà Nội",
        "lat": 21.0192,
        "lng": 105.8368,
        "description_vi": (
            "Xưởng in lụa và in lino trong một con ngõ nhỏ phố Khâm Thiên. Xưởng in áo, túi và "
            "poster cho các sự kiện văn hoá."
        ),
        "description_en": (
            "A screen-printing and linocut studio down a small lane off Khâm Thiên street. It "
            "prints shirts, bags and posters for cultural events."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-072",
    },
    {
        "slug": "ca-phe-gom-van-chuong",
        "name": "Cà phê Gốm Văn Chương",
        "kind": "cafe",
        "disciplines": ["ceramics", "painting"],
        "district": "dong-da",
        "address": "Văn Chương, Đống Đa, Hà Nội",
        "lat": 21.024,
        "lng": 105.8385,
        "description_vi": (
            "Quán cà phê phục vụ đồ uống trong cốc gốm do chính chủ quán làm. Khách có thể đăng ký "
            "buổi vẽ men lên cốc, bát và nhận sản phẩm sau khi nung."
        ),
        "description_en": (
            "A café serving drinks in cups made by the owner. Guests can book a glaze-painting "
            "session and collect their cups and bowls after firing."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-073",
    },
    {
        "slug": "thu-vien-sach-tranh-thai-ha",
        "name": "Thư viện Sách Tranh Thái Hà",
        "kind": "library",
        "disciplines": ["painting", "crafts"],
        "district": "dong-da",
        "address": "Thái Hà, Đống Đa, Hà Nội",
        "lat": 21.0135,
        "lng": 105.8205,
        "description_vi": (
            "Thư viện sách tranh cho thiếu nhi, có giờ kể chuyện và lớp vẽ minh hoạ cuối tuần."
        ),
        "description_en": (
            "A picture-book library for children, with story time and weekend illustration classes."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-074",
    },
    {
        "slug": "ca-phe-hoa-si-pho-hue",
        "name": "Cà phê Hoạ Sĩ Phố Huế",
        "kind": "cafe",
        "disciplines": ["painting", "candle-making"],
        "district": "hai-ba-trung",
        "address": "Phố Huế, Hai Bà Trưng, Hà Nội",
        "lat": 21.0158,
        "lng": 105.8512,
        "description_vi": (
            "Quán cà phê nhỏ trên gác hai, tường treo tranh sơn dầu của các hoạ sĩ trẻ. Cuối tuần "
            "có lớp vẽ cho người mới và lớp làm nến thơm."
        ),
        "description_en": (
            "A small first-floor café whose walls carry oil paintings by young artists. Weekends "
            "bring beginners' painting classes and scented-candle workshops."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-075",
    },
    {
        "slug": "phong-chieu-nho-lo-duc",
        "name": "Phòng Chiếu Nhỏ Lò Đúc",
        "kind": "cinema",
        "disciplines": ["film", "music"],
        "district": "hai-ba-trung",
        "address": "Lò Đúc, Hai Bà Trưng, Hà Nội",
        "lat": 21.0162,
        "lng": 105.8578,
        "description_vi": (
            "Phòng chiếu ba mươi chỗ trong một căn biệt thự cũ, chuyên phim độc lập và phim tài "
            "liệu. Sau mỗi buổi chiếu có trò chuyện với người làm phim."
        ),
        "description_en": (
            "A thirty-seat screening room in an old villa, focused on independent and documentary "
            "film. Each screening is followed by a chat with the filmmakers."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-076",
    },
    {
        "slug": "xuong-gom-bach-mai",
        "name": "Xưởng Gốm Phố Bạch Mai",
        "kind": "art-space",
        "disciplines": ["ceramics", "candle-making"],
        "district": "hai-ba-trung",
        "address": "Bạch Mai, Hai Bà Trưng, Hà Nội",
        "lat": 21.004,
        "lng": 105.8508,
        "description_vi": (
            "Xưởng gốm kết hợp làm nến, nơi học viên nặn hũ gốm rồi đổ nến thơm vào chính chiếc hũ "
            "đó."
        ),
        "description_en": (
            "A pottery and candle studio where students shape a ceramic jar and then pour a "
            "scented candle into it."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-077",
    },
    {
        "slug": "xuong-in-lua-kim-ma",
        "name": "Xưởng In Lụa Kim Mã",
        "kind": "art-space",
        "disciplines": ["printmaking", "design"],
        "district": "ba-dinh",
        "address": "Kim Mã, Ba Đình, Hà Nội",
        "lat": 21.0318,
        "lng": 105.8182,
        "description_vi": (
            "Xưởng in lụa nhỏ với bốn bàn in, mở lớp in áo phông và túi vải cho người mới. Xưởng "
            "cũng nhận in poster cho các buổi hoà nhạc độc lập."
        ),
        "description_en": (
            "A small screen-printing studio with four printing tables, offering T-shirt and "
            "tote-bag classes for beginners. It also prints posters for independent gigs."
        ),
        "member_since": date(2025, 12, 10),
        "certificate_number": "HCSN-2025-078",
    },
    {
        "slug": "ca-phe-gac-ha-dong",
        "name": "Cà phê Gác Hà Đông",
        "kind": "cafe",
        "disciplines": ["painting", "music"],
        "district": "ha-dong",
        "address": "Quang Trung, Hà Đông, Hà Nội",
        "lat": 20.9735,
        "lng": 105.7772,
        "description_vi": (
            "Quán cà phê trên gác một căn nhà cổ ở Hà Đông, treo tranh của hoạ sĩ địa phương. Tối "
            "thứ Bảy có đêm nhạc acoustic."
        ),
        "description_en": (
            "A café in the upper floor of an old house in Hà Đông, hung with work by local "
            "painters. Saturday nights feature acoustic music."
        ),
        "member_since": date(2026, 3, 1),
        "certificate_number": "HCSN-2026-079",
    },
    {
        "slug": "xuong-nen-dong-cac",
        "name": "Xưởng Nến Đông Các",
        "kind": "art-space",
        "disciplines": ["candle-making", "crafts"],
        "district": "dong-da",
        "address": "Ngõ 45 Hào Nam, Ô Chợ Dừa, Đống Đa, Hà Nội",
        "lat": 21.0232,
        "lng": 105.8288,
        "description_vi": (
            "Xưởng nến nhỏ chuyên nến sáp ong và nến đổ khuôn, có lớp học cho cả gia đình."
        ),
        "description_en": (
            "A small candle studio making beeswax and moulded candles, with classes for the whole "
            "family."
        ),
        "member_since": date(2026, 3, 1),
        "certificate_number": "HCSN-2026-080",
    },
    {
        "slug": "khong-gian-sang-tao-thuy-phuong",
        "name": "Không gian Sáng tạo Thuỵ Phương",
        "kind": "co-working",
        "disciplines": ["design", "crafts"],
        "district": "bac-tu-liem",
        "address": "Thuỵ Phương, Bắc Từ Liêm, Hà Nội",
        "lat": 21.0852,
        "lng": 105.7752,
        "description_vi": (
            "Không gian làm việc chung ven sông Hồng dành cho nhà thiết kế sản phẩm và người làm "
            "thủ công. Xưởng chung có máy cắt laser và bàn mộc."
        ),
        "description_en": (
            "A co-working space near the Red River for product designers and makers. The shared "
            "workshop has a laser cutter and woodworking benches."
        ),
        "member_since": date(2026, 6, 15),
        "certificate_number": "HCSN-2026-081",
    },
    {
        "slug": "biet-thu-ca-phe-tranh-quan-thanh",
        "name": "Biệt thự Cà phê Tranh Quán Thánh",
        "kind": "cafe",
        "disciplines": ["painting", "photography"],
        "district": "ba-dinh",
        "address": "Quán Thánh, Ba Đình, Hà Nội",
        "lat": 21.0418,
        "lng": 105.8395,
        "description_vi": (
            "Một căn biệt thự cũ được cải tạo thành quán cà phê kiêm phòng tranh. Mỗi tháng quán "
            "đổi một triển lãm hội hoạ hoặc nhiếp ảnh nhỏ."
        ),
        "description_en": (
            "An old villa converted into a gallery café. Every month it changes to a new small "
            "painting or photography show."
        ),
        "member_since": date(2026, 9, 1),
        "certificate_number": "HCSN-2026-082",
    },
]

WORKSHOPS: list[dict] = [
    {
        "discipline": "ceramics",
        "title_vi": "Gốm bàn xoay cho người mới bắt đầu",
        "title_en": "Wheel-thrown ceramics for beginners",
        "description_vi": (
            "Bạn học cách định tâm đất, mở lòng và kéo thành để làm một chiếc cốc hoặc bát trên "
            "bàn xoay. Sản phẩm được tráng men, nung và trả sau khoảng ba tuần."
        ),
        "description_en": (
            "Learn to centre the clay, open it up and pull the walls to make a cup or bowl on the "
            "wheel. Your piece is glazed, fired and ready for pick-up in about three weeks."
        ),
        "language": "vi+en",
        "price": 450000,
        "capacity": 10,
        "duration_minutes": 180,
        "min_age": 12,
        "what_to_bring_vi": "Quần áo có thể lấm bẩn",
        "what_to_bring_en": "Clothes you don't mind getting dirty",
        "pay_at_venue": False,
        "weekdays": [5, 6],
        "start_times": ["09:00", "14:00"],
    },
    {
        "discipline": "ceramics",
        "title_vi": "Nặn gốm bằng tay: bát và cốc",
        "title_en": "Hand-building ceramics: bowls and cups",
        "description_vi": (
            "Không cần bàn xoay, bạn nặn bát và cốc bằng kỹ thuật se cuộn và dải đất. Buổi học nhẹ "
            "nhàng, phù hợp cho người chưa từng chạm vào đất sét."
        ),
        "description_en": (
            "No wheel needed: you shape bowls and cups using coil and slab techniques. A relaxed "
            "session for people who have never touched clay before."
        ),
        "language": "vi",
        "price": 350000,
        "capacity": 12,
        "duration_minutes": 150,
        "min_age": 10,
        "what_to_bring_vi": "Quần áo có thể lấm bẩn",
        "what_to_bring_en": "Clothes you don't mind getting dirty",
        "pay_at_venue": True,
        "weekdays": [2, 5, 6],
        "start_times": ["09:30", "14:30"],
    },
    {
        "discipline": "ceramics",
        "title_vi": "Vẽ men lam trên gốm mộc",
        "title_en": "Painting cobalt-blue glaze on bisque ware",
        "description_vi": (
            "Bạn chọn một chiếc đĩa hoặc cốc đã nung sơ và vẽ hoạ tiết bằng men lam theo lối gốm "
            "Chu Đậu, Bát Tràng. Xưởng sẽ nung lại và báo khi sản phẩm sẵn sàng."
        ),
        "description_en": (
            "Pick a bisque-fired plate or cup and paint it in cobalt blue, in the spirit of Chu "
            "Đậu and Bát Tràng ware. The studio refires it and lets you know when it is ready."
        ),
        "language": "vi+en",
        "price": 250000,
        "capacity": 15,
        "duration_minutes": 120,
        "min_age": 8,
        "what_to_bring_vi": "",
        "what_to_bring_en": "",
        "pay_at_venue": True,
        "weekdays": [5, 6],
        "start_times": ["10:00", "15:00"],
    },
    {
        "discipline": "ceramics",
        "title_vi": "Buổi sáng nặn đất cùng gia đình",
        "title_en": "Family clay morning",
        "description_vi": (
            "Cha mẹ và con cùng nặn con vật, đồ chơi nhỏ từ đất sét. Giá vé tính cho một người lớn "
            "và một trẻ em."
        ),
        "description_en": (
            "Parents and children model small animals and toys together from clay. One ticket "
            "covers one adult and one child."
        ),
        "language": "vi",
        "price": 300000,
        "capacity": 12,
        "duration_minutes": 120,
        "min_age": 6,
        "what_to_bring_vi": "Khăn lau tay, tạp dề nếu có",
        "what_to_bring_en": "A hand towel, and an apron if you have one",
        "pay_at_venue": False,
        "weekdays": [6],
        "start_times": ["09:00"],
    },
    {
        "discipline": "ceramics",
        "title_vi": "Gốm bàn xoay nâng cao: tạo dáng bình",
        "title_en": "Intermediate wheel: throwing vases",
        "description_vi": (
            "Dành cho người đã biết định tâm đất, buổi học tập trung vào kéo thành cao, thu cổ và "
            "sửa chân bình. Mỗi học viên được dùng riêng một bàn xoay."
        ),
        "description_en": (
            "For those who can already centre clay, this session focuses on tall walls, narrowing "
            "necks and trimming feet. Every participant has a wheel to themselves."
        ),
        "language": "vi",
        "price": 650000,
        "capacity": 8,
        "duration_minutes": 240,
        "min_age": 16,
        "what_to_bring_vi": "Khăn, tạp dề và cắt ngắn móng tay",
        "what_to_bring_en": "A towel, an apron and short fingernails",
        "pay_at_venue": True,
        "weekdays": [5],
        "start_times": ["13:30"],
    },
    {
        "discipline": "ceramics",
        "title_vi": "Nói chuyện gốm: từ Chu Đậu đến Bát Tràng",
        "title_en": "Ceramics talk: from Chu Đậu to Bát Tràng",
        "description_vi": (
            "Một nhà nghiên cứu gốm kể về các dòng gốm cổ miền Bắc qua hiện vật và hình ảnh. Sau "
            "buổi nói chuyện có phần hỏi đáp."
        ),
        "description_en": (
            "A ceramics researcher introduces the historic wares of northern Vietnam through "
            "objects and images. The talk ends with a Q&A."
        ),
        "language": "vi",
        "price": 0,
        "capacity": 30,
        "duration_minutes": 90,
        "min_age": None,
        "what_to_bring_vi": "",
        "what_to_bring_en": "",
        "pay_at_venue": False,
        "weekdays": [3],
        "start_times": ["18:30"],
    },
    {
        "discipline": "printmaking",
        "title_vi": "In lụa áo phông",
        "title_en": "Screen printing your own T-shirt",
        "description_vi": (
            "Bạn thiết kế một hình in đơn giản, chụp khuôn lụa và tự in lên áo phông. Mực gốc "
            "nước, an toàn và giặt được."
        ),
        "description_en": (
            "Design a simple motif, expose a screen and print it onto a T-shirt yourself. The "
            "water-based ink is safe and washable."
        ),
        "language": "vi+en",
        "price": 350000,
        "capacity": 14,
        "duration_minutes": 150,
        "min_age": 12,
        "what_to_bring_vi": "Một áo phông cotton sáng màu nếu muốn in áo của bạn",
        "what_to_bring_en": "A light-coloured cotton T-shirt if you want to print your own",
        "pay_at_venue": True,
        "weekdays": [5, 6],
        "start_times": ["09:00", "14:00"],
    },
    {
        "discipline": "printmaking",
        "title_vi": "In lụa túi vải",
        "title_en": "Screen-printed tote bags",
        "description_vi": (
            "Chọn một trong các khuôn có sẵn về Hà Nội hoặc tự cắt giấy stencil, rồi in lên túi "
            "vải canvas. Mỗi người mang về hai chiếc túi."
        ),
        "description_en": (
            "Choose one of the ready-made Hanoi screens or cut your own paper stencil, then print "
            "onto canvas totes. Everyone takes home two bags."
        ),
        "language": "vi",
        "price": 250000,
        "capacity": 16,
        "duration_minutes": 120,
        "min_age": 10,
        "what_to_bring_vi": "",
        "what_to_bring_en": "",
        "pay_at_venue": False,
        "weekdays": [4, 5, 6],
        "start_times": ["15:00"],
    },
    {
        "discipline": "printmaking",
        "title_vi": "Khắc gỗ và in tranh dân gian",
        "title_en": "Woodblock carving and folk-print making",
        "description_vi": (
            "Bạn tìm hiểu tranh Đông Hồ, Hàng Trống rồi tự khắc một bản gỗ nhỏ và in trên giấy dó. "
            "Nghệ nhân hướng dẫn cách pha màu từ vật liệu tự nhiên."
        ),
        "description_en": (
            "Discover Đông Hồ and Hàng Trống prints, then carve a small woodblock and print it on "
            "dó paper. An artisan shows how colours are mixed from natural materials."
        ),
        "language": "vi+en",
        "price": 400000,
        "capacity": 12,
        "duration_minutes": 180,
        "min_age": 12,
        "what_to_bring_vi": "",
        "what_to_bring_en": "",
        "pay_at_venue": True,
        "weekdays": [5, 6],
        "start_times": ["09:00"],
    },
    {
        "discipline": "printmaking",
        "title_vi": "In khắc lino cho người mới",
        "title_en": "Linocut printing for beginners",
        "description_vi": (
            "Học cách chuyển hình vẽ lên tấm lino, khắc và in bằng tay với con lăn. Bạn sẽ in được "
            "một loạt thiệp hoặc tranh nhỏ."
        ),
        "description_en": (
            "Learn to transfer a drawing onto lino, carve it and hand-print it with a roller. You "
            "will leave with a small edition of cards or prints."
        ),
        "language": "vi+en",
        "price": 450000,
        "capacity": 10,
        "duration_minutes": 180,
        "min_age": 14,
        "what_to_bring_vi": "Bản phác thảo nếu đã có ý tưởng",
        "what_to_bring_en": "A sketch if you already have an idea",
        "pay_at_venue": False,
        "weekdays": [6],
        "start_times": ["14:00"],
    },
    {
        "discipline": "printmaking",
        "title_vi": "Làm zine và in risograph",
        "title_en": "Zine making with risograph printing",
        "description_vi": (
            "Bạn cắt dán, viết và vẽ một cuốn zine tám trang, rồi in hai màu trên máy risograph. "
            "Buổi học kết thúc bằng màn trao đổi zine giữa các học viên."
        ),
        "description_en": (
            "Cut, paste, write and draw an eight-page zine, then print it in two colours on the "
            "risograph. The session ends with a zine swap between participants."
        ),
        "language": "vi+en",
        "price": 300000,
        "capacity": 15,
        "duration_minutes": 150,
        "min_age": 15,
        "what_to_bring_vi": "Ảnh, tranh vẽ hoặc chữ bạn muốn đưa vào zine",
        "what_to_bring_en": "Photos, drawings or words you want in your zine",
        "pay_at_venue": False,
        "weekdays": [5],
        "start_times": ["14:30"],
    },
    {
        "discipline": "printmaking",
        "title_vi": "Trải nghiệm in tranh Đông Hồ cho thiếu nhi",
        "title_en": "Đông Hồ print try-out for kids",
        "description_vi": (
            "Các em tự in một bức tranh Đông Hồ bằng bản khắc có sẵn và nghe kể chuyện về con gà, "
            "con lợn trong tranh. Hoạt động miễn phí, cha mẹ đi cùng con."
        ),
        "description_en": (
            "Children print their own Đông Hồ picture from ready-carved blocks and hear the "
            "stories behind the rooster and pig motifs. Free of charge; parents stay with their "
            "children."
        ),
        "language": "vi",
        "price": 0,
        "capacity": 20,
        "duration_minutes": 60,
        "min_age": 6,
        "what_to_bring_vi": "",
        "what_to_bring_en": "",
        "pay_at_venue": False,
        "weekdays": [6],
        "start_times": ["09:30", "10:45"],
    },
    {
        "discipline": "candle-making",
        "title_vi": "Làm nến thơm từ sáp đậu nành",
        "title_en": "Soy candle making",
        "description_vi": (
            "Bạn học cách đun sáp, chọn bấc, pha tinh dầu và đổ nến vào cốc thuỷ tinh. Nến cần để "
            "nguội qua đêm trước khi thắp."
        ),
        "description_en": (
            "Learn to melt wax, choose a wick, blend essential oils and pour a candle into a glass "
            "jar. The candle needs to cure overnight before lighting."
        ),
        "language": "vi+en",
        "price": 350000,
        "capacity": 12,
        "duration_minutes": 120,
        "min_age": 12,
        "what_to_bring_vi": "",
        "what_to_bring_en": "",
        "pay_at_venue": True,
        "weekdays": [5, 6],
        "start_times": ["10:00", "15:00"],
    },
    {
        "discipline": "candle-making",
        "title_vi": "Nến trong hũ gốm tự nặn",
        "title_en": "Candles in hand-made ceramic jars",
        "description_vi": (
            "Buổi học hai phần: nặn một chiếc hũ gốm nhỏ, rồi đổ nến thơm vào hũ gốm đã nung sẵn "
            "của xưởng. Hũ bạn nặn sẽ được nung và gửi lại sau."
        ),
        "description_en": (
            "A two-part session: shape a small ceramic jar, then pour a scented candle into one of "
            "the studio's fired jars. The jar you made is fired and returned later."
        ),
        "language": "vi",
        "price": 450000,
        "capacity": 10,
        "duration_minutes": 150,
        "min_age": 14,
        "what_to_bring_vi": "Quần áo có thể lấm bẩn",
        "what_to_bring_en": "Clothes you don't mind getting dirty",
        "pay_at_venue": False,
        "weekdays": [6],
        "start_times": ["14:00"],
    },
    {
        "discipline": "candle-making",
        "title_vi": "Nến sáp ong cuộn tay",
        "title_en": "Hand-rolled beeswax candles",
        "description_vi": (
            "Cuộn những tấm sáp ong thành nến dáng cao hoặc nến xoắn, không cần đun nóng. Hoạt "
            "động an toàn cho trẻ em có người lớn đi kèm."
        ),
        "description_en": (
            "Roll sheets of beeswax into tall or twisted candles, with no melting involved. Safe "
            "for children accompanied by an adult."
        ),
        "language": "vi+en",
        "price": 200000,
        "capacity": 15,
        "duration_minutes": 90,
        "min_age": 6,
        "what_to_bring_vi": "",
        "what_to_bring_en": "",
        "pay_at_venue": False,
        "weekdays": [2, 5, 6],
        "start_times": ["09:30", "16:00"],
    },
    {
        "discipline": "candle-making",
        "title_vi": "Pha mùi tinh dầu cho nến thơm",
        "title_en": "Blending scents for your candles",
        "description_vi": (
            "Bạn làm quen với nốt hương đầu, giữa và cuối qua các tinh dầu Việt Nam như bưởi, sả, "
            "quế. Cuối buổi, bạn đổ hai cây nến theo công thức mùi của riêng mình."
        ),
        "description_en": (
            "Get to know top, middle and base notes through Vietnamese oils such as pomelo, "
            "lemongrass and cinnamon. At the end you pour two candles with your own scent recipe."
        ),
        "language": "vi",
        "price": 550000,
        "capacity": 10,
        "duration_minutes": 180,
        "min_age": 16,
        "what_to_bring_vi": "",
        "what_to_bring_en": "",
        "pay_at_venue": False,
        "weekdays": [4],
        "start_times": ["18:30"],
    },
    {
        "discipline": "candle-making",
        "title_vi": "Góc nến tái chế: làm nến từ sáp thừa",
        "title_en": "Upcycled candles from leftover wax",
        "description_vi": (
            "Mang những mẩu nến cũ đến để cùng nấu lại và đổ thành nến mới. Buổi làm nến miễn phí "
            "nhằm giảm rác thải trong khu phố."
        ),
        "description_en": (
            "Bring your old candle stubs to melt down and pour into new candles together. A free "
            "session to cut down waste in the neighbourhood."
        ),
        "language": "vi",
        "price": 0,
        "capacity": 16,
        "duration_minutes": 90,
        "min_age": 8,
        "what_to_bring_vi": "Mẩu nến cũ, lọ thuỷ tinh sạch nếu có",
        "what_to_bring_en": "Old candle stubs and a clean glass jar if you have one",
        "pay_at_venue": False,
        "weekdays": [6],
        "start_times": ["10:00"],
    },
    {
        "discipline": "painting",
        "title_vi": "Vẽ màu nước phố cổ",
        "title_en": "Watercolour sketching in the Old Quarter",
        "description_vi": (
            "Bạn học cách phác nhanh mái ngói, ban công và góc phố rồi tô màu nước ngay tại chỗ. "
            "Buổi học bắt đầu ở xưởng và kết thúc bằng một vòng vẽ ngoài phố."
        ),
        "description_en": (
            "Learn to sketch rooftops, balconies and street corners quickly, then add watercolour "
            "on the spot. The class starts in the studio and ends with a drawing walk outside."
        ),
        "language": "vi+en",
        "price": 300000,
        "capacity": 15,
        "duration_minutes": 150,
        "min_age": 12,
        "what_to_bring_vi": "Sổ vẽ nếu có",
        "what_to_bring_en": "A sketchbook if you have one",
        "pay_at_venue": True,
        "weekdays": [5, 6],
        "start_times": ["08:30", "15:00"],
    },
    {
        "discipline": "painting",
        "title_vi": "Vẽ tranh sơn dầu cho người mới",
        "title_en": "Oil painting for beginners",
        "description_vi": (
            "Làm quen với cọ, dao vẽ và cách pha màu sơn dầu qua một bức tĩnh vật nhỏ. Khung vải "
            "và màu đã có sẵn."
        ),
        "description_en": (
            "Get to know brushes, palette knives and oil colour mixing through a small still life. "
            "Canvas and paints are provided."
        ),
        "language": "vi",
        "price": 550000,
        "capacity": 12,
        "duration_minutes": 180,
        "min_age": 14,
        "what_to_bring_vi": "Tạp dề hoặc áo cũ",
        "what_to_bring_en": "An apron or an old shirt",
        "pay_at_venue": False,
        "weekdays": [5],
        "start_times": ["14:00"],
    },
    {
        "discipline": "painting",
        "title_vi": "Vẽ trang trí nón lá",
        "title_en": "Painting a conical hat",
        "description_vi": (
            "Bạn vẽ hoạ tiết hoa sen, phố phường hay bất kỳ ý tưởng nào lên chiếc nón lá của mình. "
            "Phù hợp cho gia đình và khách du lịch."
        ),
        "description_en": (
            "Paint lotus flowers, street scenes or any idea you like onto your own conical hat. "
            "Great for families and visitors."
        ),
        "language": "vi+en",
        "price": 250000,
        "capacity": 16,
        "duration_minutes": 90,
        "min_age": 6,
        "what_to_bring_vi": "",
        "what_to_bring_en": "",
        "pay_at_venue": False,
        "weekdays": [5, 6],
        "start_times": ["09:30", "14:30"],
    },
    {
        "discipline": "painting",
        "title_vi": "Ký hoạ người mẫu buổi tối",
        "title_en": "Evening life drawing",
        "description_vi": (
            "Buổi ký hoạ với người mẫu, từ các dáng nhanh một phút đến dáng dài hai mươi phút. "
            "Không có giảng dạy, chỉ có thời gian để vẽ."
        ),
        "description_en": (
            "A life-drawing session with a model, from one-minute poses to twenty-minute poses. No "
            "teaching, just time to draw."
        ),
        "language": "vi+en",
        "price": 200000,
        "capacity": 20,
        "duration_minutes": 120,
        "min_age": 18,
        "what_to_bring_vi": "Bút chì, giấy vẽ khổ A3",
        "what_to_bring_en": "Pencils and A3 drawing paper",
        "pay_at_venue": True,
        "weekdays": [2],
        "start_times": ["19:00"],
    },
    {
        "discipline": "painting",
        "title_vi": "Sáng thứ Bảy vẽ tự do cho thiếu nhi",
        "title_en": "Saturday free drawing for children",
        "description_vi": (
            "Các em được vẽ thoả thích với giấy, màu sáp và màu nước trong không gian rộng. Tình "
            "nguyện viên hướng dẫn và treo tranh của các em cuối buổi."
        ),
        "description_en": (
            "Children draw to their heart's content with paper, crayons and watercolours in a "
            "roomy space. Volunteers guide them and hang the pictures at the end."
        ),
        "language": "vi",
        "price": 0,
        "capacity": 25,
        "duration_minutes": 90,
        "min_age": 6,
        "what_to_bring_vi": "",
        "what_to_bring_en": "",
        "pay_at_venue": False,
        "weekdays": [5],
        "start_times": ["09:00"],
    },
    {
        "discipline": "crafts",
        "title_vi": "Làm đèn ông sao",
        "title_en": "Making a star lantern",
        "description_vi": (
            "Bạn chẻ nan tre, buộc khung và dán giấy bóng kính để làm chiếc đèn ông sao năm cánh. "
            "Hoạt động được yêu thích dịp Trung thu."
        ),
        "description_en": (
            "Split bamboo strips, tie the frame and cover it with cellophane to make a "
            "five-pointed star lantern. A favourite around the Mid-Autumn Festival."
        ),
        "language": "vi+en",
        "price": 150000,
        "capacity": 20,
        "duration_minutes": 90,
        "min_age": 6,
        "what_to_bring_vi": "",
        "what_to_bring_en": "",
        "pay_at_venue": True,
        "weekdays": [5, 6],
        "start_times": ["09:00", "15:00"],
    },
    {
        "discipline": "crafts",
        "title_vi": "Thêu tay cơ bản",
        "title_en": "Hand embroidery basics",
        "description_vi": (
            "Học năm mũi thêu cơ bản và thêu một bông hoa nhỏ lên khăn tay. Khung thêu, kim và chỉ "
            "đã được chuẩn bị sẵn."
        ),
        "description_en": (
            "Learn five basic stitches and embroider a small flower on a handkerchief. Hoops, "
            "needles and threads are provided."
        ),
        "language": "vi",
        "price": 350000,
        "capacity": 12,
        "duration_minutes": 150,
        "min_age": 12,
        "what_to_bring_vi": "Kính đọc sách nếu bạn cần",
        "what_to_bring_en": "Reading glasses if you need them",
        "pay_at_venue": False,
        "weekdays": [3, 5],
        "start_times": ["18:00"],
    },
    {
        "discipline": "crafts",
        "title_vi": "Giấy dó và đóng sổ tay thủ công",
        "title_en": "Dó paper and hand-bound notebooks",
        "description_vi": (
            "Bạn tìm hiểu cách làm giấy dó truyền thống rồi khâu gáy một cuốn sổ tay bằng giấy dó. "
            "Mỗi người mang về một cuốn sổ của riêng mình."
        ),
        "description_en": (
            "Find out how traditional dó paper is made, then stitch a notebook bound with it. "
            "Everyone leaves with their own notebook."
        ),
        "language": "vi+en",
        "price": 400000,
        "capacity": 12,
        "duration_minutes": 180,
        "min_age": 12,
        "what_to_bring_vi": "",
        "what_to_bring_en": "",
        "pay_at_venue": True,
        "weekdays": [6],
        "start_times": ["09:00"],
    },
    {
        "discipline": "crafts",
        "title_vi": "Nặn tò he cùng nghệ nhân",
        "title_en": "Tò he figurines with an artisan",
        "description_vi": (
            "Nghệ nhân hướng dẫn các em nặn tò he từ bột gạo nhuộm màu tự nhiên. Hoạt động miễn "
            "phí dành cho gia đình."
        ),
        "description_en": (
            "An artisan shows children how to model tò he figurines from naturally coloured rice "
            "dough. A free activity for families."
        ),
        "language": "vi",
        "price": 0,
        "capacity": 20,
        "duration_minutes": 60,
        "min_age": 6,
        "what_to_bring_vi": "",
        "what_to_bring_en": "",
        "pay_at_venue": False,
        "weekdays": [5, 6],
        "start_times": ["09:00", "10:30"],
    },
    {
        "discipline": "crafts",
        "title_vi": "Nhuộm chàm khăn lụa",
        "title_en": "Indigo dyeing a silk scarf",
        "description_vi": (
            "Bạn học cách gấp, buộc và nhúng vải vào thùng chàm để tạo hoa văn trên khăn lụa. Khăn "
            "lụa được dệt tại làng Vạn Phúc."
        ),
        "description_en": (
            "Learn to fold, bind and dip fabric into an indigo vat to pattern a silk scarf. The "
            "silk is woven in Vạn Phúc village."
        ),
        "language": "vi+en",
        "price": 650000,
        "capacity": 10,
        "duration_minutes": 210,
        "min_age": 14,
        "what_to_bring_vi": "Găng tay cao su nếu da tay nhạy cảm",
        "what_to_bring_en": "Rubber gloves if you have sensitive skin",
        "pay_at_venue": False,
        "weekdays": [5],
        "start_times": ["08:30"],
    },
    {
        "discipline": "film",
        "title_vi": "Chiếu phim tài liệu độc lập và giao lưu",
        "title_en": "Independent documentary screening and Q&A",
        "description_vi": (
            "Chiếu một phim tài liệu ngắn của nhà làm phim trẻ Việt Nam, sau đó là phần trò chuyện "
            "với đạo diễn. Phim có phụ đề tiếng Anh."
        ),
        "description_en": (
            "A short documentary by a young Vietnamese filmmaker, followed by a conversation with "
            "the director. The film has English subtitles."
        ),
        "language": "vi+en",
        "price": 0,
        "capacity": 30,
        "duration_minutes": 150,
        "min_age": 16,
        "what_to_bring_vi": "",
        "what_to_bring_en": "",
        "pay_at_venue": False,
        "weekdays": [4],
        "start_times": ["19:00"],
    },
    {
        "discipline": "film",
        "title_vi": "Làm phim ngắn bằng điện thoại",
        "title_en": "Short film making with your phone",
        "description_vi": (
            "Trong một buổi, bạn học viết kịch bản một trang, quay bằng điện thoại và dựng phim "
            "trên ứng dụng miễn phí. Cuối buổi cả lớp cùng xem phim của nhau."
        ),
        "description_en": (
            "In one session you write a one-page script, shoot it on your phone and edit it with a "
            "free app. The class ends by watching each other's films."
        ),
        "language": "vi+en",
        "price": 450000,
        "capacity": 15,
        "duration_minutes": 240,
        "min_age": 15,
        "what_to_bring_vi": "Điện thoại đã sạc đầy pin",
        "what_to_bring_en": "A fully charged phone",
        "pay_at_venue": True,
        "weekdays": [5, 6],
        "start_times": ["09:00"],
    },
    {
        "discipline": "film",
        "title_vi": "Rạp phim mái nhà: phim Việt Nam kinh điển",
        "title_en": "Rooftop cinema: Vietnamese classics",
        "description_vi": (
            "Xem lại những bộ phim Việt Nam kinh điển dưới bầu trời đêm, có phụ đề tiếng Anh. Giá "
            "vé đã gồm một đồ uống."
        ),
        "description_en": (
            "Rewatch classic Vietnamese films under the night sky, with English subtitles. The "
            "ticket includes one drink."
        ),
        "language": "vi",
        "price": 150000,
        "capacity": 30,
        "duration_minutes": 150,
        "min_age": None,
        "what_to_bring_vi": "Áo khoác mỏng",
        "what_to_bring_en": "A light jacket",
        "pay_at_venue": True,
        "weekdays": [4, 5],
        "start_times": ["19:30"],
    },
    {
        "discipline": "film",
        "title_vi": "Câu lạc bộ phim thiếu nhi",
        "title_en": "Children's film club",
        "description_vi": (
            "Chiếu một phim hoạt hình ngắn, sau đó các em cùng vẽ lại nhân vật mình thích. Hoạt "
            "động miễn phí, phụ huynh ngồi cùng con."
        ),
        "description_en": (
            "A short animated film, after which children draw their favourite character. Free of "
            "charge; parents sit with their children."
        ),
        "language": "vi",
        "price": 0,
        "capacity": 30,
        "duration_minutes": 90,
        "min_age": 6,
        "what_to_bring_vi": "",
        "what_to_bring_en": "",
        "pay_at_venue": False,
        "weekdays": [6],
        "start_times": ["09:30"],
    },
    {
        "discipline": "photography",
        "title_vi": "Dạo phố chụp ảnh đường phố",
        "title_en": "Street photography walk",
        "description_vi": (
            "Một nhiếp ảnh gia dẫn nhóm đi qua các con phố, chợ và ngõ nhỏ, hướng dẫn cách bắt "
            "khoảnh khắc và ánh sáng. Buổi đi kết thúc bằng phần xem và nhận xét ảnh."
        ),
        "description_en": (
            "A photographer leads the group through streets, markets and alleys, coaching you on "
            "moments and light. The walk ends with a review of everyone's photos."
        ),
        "language": "vi+en",
        "price": 350000,
        "capacity": 12,
        "duration_minutes": 180,
        "min_age": 14,
        "what_to_bring_vi": "Máy ảnh hoặc điện thoại",
        "what_to_bring_en": "A camera or a phone",
        "pay_at_venue": False,
        "weekdays": [5, 6],
        "start_times": ["07:00", "15:30"],
    },
    {
        "discipline": "photography",
        "title_vi": "Chụp ảnh phim và tráng phim trong phòng tối",
        "title_en": "Film photography and darkroom developing",
        "description_vi": (
            "Bạn học cách nạp phim, đo sáng thủ công rồi tự tráng cuộn phim đen trắng trong phòng "
            "tối. Số chỗ ít để mỗi người có đủ thời gian thực hành."
        ),
        "description_en": (
            "Learn to load film and meter by hand, then develop a black-and-white roll yourself in "
            "the darkroom. Places are few so everyone gets enough hands-on time."
        ),
        "language": "vi",
        "price": 650000,
        "capacity": 8,
        "duration_minutes": 240,
        "min_age": 16,
        "what_to_bring_vi": "Một cuộn phim 135 đã chụp (không bắt buộc)",
        "what_to_bring_en": "An exposed roll of 35 mm film (optional)",
        "pay_at_venue": False,
        "weekdays": [6],
        "start_times": ["13:00"],
    },
    {
        "discipline": "photography",
        "title_vi": "Nói chuyện ảnh: đọc một bức ảnh tư liệu",
        "title_en": "Photo talk: reading a documentary photograph",
        "description_vi": (
            "Các nhiếp ảnh gia và nhà nghiên cứu cùng phân tích những bức ảnh tư liệu về Hà Nội. "
            "Vào cửa tự do, nên đăng ký trước để giữ chỗ."
        ),
        "description_en": (
            "Photographers and researchers take apart documentary photographs of Hanoi together. "
            "Free entry; registering ahead keeps you a seat."
        ),
        "language": "vi+en",
        "price": 0,
        "capacity": 30,
        "duration_minutes": 90,
        "min_age": None,
        "what_to_bring_vi": "",
        "what_to_bring_en": "",
        "pay_at_venue": False,
        "weekdays": [2],
        "start_times": ["18:30"],
    },
    {
        "discipline": "photography",
        "title_vi": "In ảnh cyanotype dưới nắng",
        "title_en": "Cyanotype sun printing",
        "description_vi": (
            "Bạn sắp xếp lá cây, đồ vật hoặc phim âm bản lên giấy phủ hoá chất rồi phơi nắng để "
            "tạo bản in xanh lam. Một kỹ thuật ảnh cổ điển, dễ làm và rất vui cho cả gia đình."
        ),
        "description_en": (
            "Arrange leaves, objects or negatives on coated paper and expose it to the sun to make "
            "a blue print. A classic photographic technique that is easy and fun for the whole "
            "family."
        ),
        "language": "vi+en",
        "price": 300000,
        "capacity": 14,
        "duration_minutes": 120,
        "min_age": 8,
        "what_to_bring_vi": "Lá cây hoặc đồ vật nhỏ bạn muốn in",
        "what_to_bring_en": "Leaves or small objects you would like to print",
        "pay_at_venue": True,
        "weekdays": [5, 6],
        "start_times": ["09:30"],
    },
    {
        "discipline": "music",
        "title_vi": "Làm quen đàn tranh",
        "title_en": "Introduction to the đàn tranh",
        "description_vi": (
            "Bạn học cách ngồi, đeo móng gảy và chơi một giai điệu dân ca đơn giản trên đàn tranh. "
            "Đàn được cung cấp tại lớp."
        ),
        "description_en": (
            "Learn how to sit, wear the finger picks and play a simple folk tune on the 16-string "
            "zither. Instruments are provided."
        ),
        "language": "vi",
        "price": 250000,
        "capacity": 10,
        "duration_minutes": 90,
        "min_age": 8,
        "what_to_bring_vi": "",
        "what_to_bring_en": "",
        "pay_at_venue": True,
        "weekdays": [2, 4],
        "start_times": ["18:30"],
    },
    {
        "discipline": "music",
        "title_vi": "Đêm nhạc mở mic",
        "title_en": "Open-mic music night",
        "description_vi": (
            "Ai cũng có thể đăng ký lên sân khấu chơi hai bài, từ nhạc mộc đến thử nghiệm. Khán "
            "giả vào cửa tự do."
        ),
        "description_en": (
            "Anyone can sign up to play two songs, from acoustic to experimental. Free entry for "
            "the audience."
        ),
        "language": "vi+en",
        "price": 0,
        "capacity": 30,
        "duration_minutes": 120,
        "min_age": None,
        "what_to_bring_vi": "Nhạc cụ của bạn nếu muốn biểu diễn",
        "what_to_bring_en": "Your instrument if you want to perform",
        "pay_at_venue": False,
        "weekdays": [4],
        "start_times": ["20:00"],
    },
    {
        "discipline": "music",
        "title_vi": "Nghe ca trù và thử gõ phách",
        "title_en": "Ca trù listening session and clapper try-out",
        "description_vi": (
            "Các nghệ nhân biểu diễn ca trù và giải thích vai trò của đào nương, kép đàn và quan "
            "viên. Cuối buổi, khán giả được thử gõ phách theo nhịp."
        ),
        "description_en": (
            "Artisans perform ca trù and explain the roles of the singer, the lute player and the "
            "drummer-judge. At the end the audience can try keeping time on the bamboo clapper."
        ),
        "language": "vi+en",
        "price": 200000,
        "capacity": 25,
        "duration_minutes": 90,
        "min_age": None,
        "what_to_bring_vi": "",
        "what_to_bring_en": "",
        "pay_at_venue": True,
        "weekdays": [5],
        "start_times": ["19:30"],
    },
    {
        "discipline": "music",
        "title_vi": "Làm nhạc cụ từ vật liệu tái chế",
        "title_en": "Musical instruments from recycled materials",
        "description_vi": (
            "Cha mẹ và các em biến chai nhựa, hộp bìa và ống tre thành trống, đàn và lục lạc. Buổi "
            "học kết thúc bằng một màn hoà tấu nhỏ."
        ),
        "description_en": (
            "Parents and children turn plastic bottles, cardboard boxes and bamboo tubes into "
            "drums, strings and shakers. The session ends with a small jam."
        ),
        "language": "vi",
        "price": 0,
        "capacity": 20,
        "duration_minutes": 90,
        "min_age": 6,
        "what_to_bring_vi": "Chai nhựa, hộp bìa sạch",
        "what_to_bring_en": "Clean plastic bottles and cardboard boxes",
        "pay_at_venue": False,
        "weekdays": [6],
        "start_times": ["14:00"],
    },
    {
        "discipline": "design",
        "title_vi": "Cùng trẻ em thiết kế sân chơi khu phố",
        "title_en": "Co-designing a neighbourhood playground with children",
        "description_vi": (
            "Trẻ em và người lớn cùng vẽ, làm mô hình và góp ý cho sân chơi cộng đồng sắp xây. Ý "
            "tưởng của các em sẽ được đưa vào bản thiết kế cuối cùng."
        ),
        "description_en": (
            "Children and adults draw, build models and give feedback on a community playground to "
            "be built. The children's ideas feed into the final design."
        ),
        "language": "vi",
        "price": 0,
        "capacity": 20,
        "duration_minutes": 120,
        "min_age": 6,
        "what_to_bring_vi": "",
        "what_to_bring_en": "",
        "pay_at_venue": False,
        "weekdays": [6],
        "start_times": ["09:00"],
    },
    {
        "discipline": "design",
        "title_vi": "Thiết kế áp phích cơ bản",
        "title_en": "Poster design basics",
        "description_vi": (
            "Học về bố cục, chữ và màu sắc qua việc thiết kế áp phích cho một sự kiện văn hoá có "
            "thật. Bạn có thể làm trên giấy hoặc máy tính."
        ),
        "description_en": (
            "Learn layout, typography and colour by designing a poster for a real cultural event. "
            "You can work on paper or on a laptop."
        ),
        "language": "vi+en",
        "price": 400000,
        "capacity": 15,
        "duration_minutes": 180,
        "min_age": 15,
        "what_to_bring_vi": "Máy tính xách tay (không bắt buộc)",
        "what_to_bring_en": "A laptop (optional)",
        "pay_at_venue": False,
        "weekdays": [5],
        "start_times": ["14:00"],
    },
    {
        "discipline": "design",
        "title_vi": "Vẽ bản đồ khu phố của bạn",
        "title_en": "Drawing a map of your neighbourhood",
        "description_vi": (
            "Nhóm đi bộ quanh khu phố, ghi chép những địa điểm thân quen rồi cùng vẽ thành một tấm "
            "bản đồ minh hoạ. Hoạt động lấy cảm hứng từ diễn đàn Vì một Hà Nội đáng sống."
        ),
        "description_en": (
            "The group walks the neighbourhood, notes familiar places and turns them into an "
            "illustrated map. Inspired by the For a Livable Hanoi forum."
        ),
        "language": "vi+en",
        "price": 250000,
        "capacity": 16,
        "duration_minutes": 150,
        "min_age": 12,
        "what_to_bring_vi": "Giày đi bộ thoải mái",
        "what_to_bring_en": "Comfortable walking shoes",
        "pay_at_venue": True,
        "weekdays": [6],
        "start_times": ["08:30"],
    },
    {
        "discipline": "design",
        "title_vi": "Viết chữ tay và thiết kế logo",
        "title_en": "Hand lettering and logo design",
        "description_vi": (
            "Bạn luyện các nét chữ cơ bản bằng bút brush, rồi phát triển thành một logo chữ đơn "
            "giản. Phù hợp cho người làm kinh doanh nhỏ muốn tự làm nhận diện."
        ),
        "description_en": (
            "Practise basic strokes with a brush pen, then develop them into a simple lettered "
            "logo. Good for small-business owners who want to make their own identity."
        ),
        "language": "vi+en",
        "price": 350000,
        "capacity": 15,
        "duration_minutes": 150,
        "min_age": 14,
        "what_to_bring_vi": "Bút brush nếu có",
        "what_to_bring_en": "A brush pen if you have one",
        "pay_at_venue": True,
        "weekdays": [2, 5],
        "start_times": ["18:30"],
    },
]
