"""Industry fields (产业领域) named by each year's documents (shared/seeds), loaded by the
kernel's reference-data migration. The campaign years themselves are data an administrator
edits; the documented ones were first loaded by migration 0002."""

INDUSTRY_FIELDS = {
    2022: [
        ("next_gen_it", "新一代信息技术"),
        ("biomedicine", "生物医药"),
        ("intelligent_manufacturing", "智能制造"),
        ("energy_saving", "节能环保"),
        ("new_materials", "新材料"),
        ("new_energy", "新能源"),
    ],
    2023: [
        ("next_gen_it", "新一代信息技术"),
        ("artificial_intelligence", "人工智能"),
        ("biotechnology", "生物技术"),
        ("new_energy", "新能源"),
        ("new_materials", "新材料"),
        ("high_end_equipment", "高端装备"),
        ("green_environmental", "绿色环保"),
        ("modern_agriculture", "现代农业"),
    ],
}
