/* spec 6.3 (HIP), 7.7.2 (its aarch64 part), 6.2.3.2 (where the root task
 * finds the HIP and its UTCB). Fields are read at the spec's byte offsets,
 * not through struct nova_hip, so that the ABI header is checked too. */
#include "conformance.h"
#include "fixture.h"

#define MBUF_SIZE 0x8000u /* docs/abi-choices.md: 32 KiB memory-buffer console */
#define ELF_MAGIC 0x464c457fu

static uint64_t u64_at(const struct nova_hip *hip, unsigned off)
{
    return *(const volatile uint64_t *)((uintptr_t)hip + off);
}

static uint32_t u32_at(const struct nova_hip *hip, unsigned off)
{
    return *(const volatile uint32_t *)((uintptr_t)hip + off);
}

static uint16_t u16_at(const struct nova_hip *hip, unsigned off)
{
    return *(const volatile uint16_t *)((uintptr_t)hip + off);
}

static uint8_t u8_at(const struct nova_hip *hip, unsigned off)
{
    return *(const volatile uint8_t *)((uintptr_t)hip + off);
}

static bool checksum_is_zero(const struct nova_hip *hip)
{
    uint16_t sum = 0;

    for (unsigned off = 0; off < u16_at(hip, 0x06); off += 2)
        sum = (uint16_t)(sum + u16_at(hip, off));
    return sum == 0;
}

/* Fields whose value the spec or docs/abi-choices.md fixes. */
struct field {
    const char *name;
    unsigned offset, size;
    uint64_t expect;
};

static const struct field fields[] = {
    {"hip.0x00.signature_is_nova", 0x00, 4, HIP_SIGNATURE},
    {"hip.0x38.acpi_rsdp_not_present", 0x38, 8, HIP_NOT_PRESENT},
    {"hip.0x40.uefi_map_not_present", 0x40, 8, HIP_NOT_PRESENT},
    {"hip.0x48.uefi_map_size_zero", 0x48, 4, 0},
    {"hip.0x4c.uefi_desc_size_zero", 0x4c, 2, 0},
    {"hip.0x4e.uefi_desc_version_zero", 0x4e, 2, 0},
    {"hip.0x58.selnum_is_abi_selnum", 0x58, 8, NOVA_SELNUM},
    {"hip.0x60.sel_hst_arch_is_64", 0x60, 2, 0x40},
    {"hip.0x62.sel_hst_nova_is_2", 0x62, 2, 2},
    {"hip.0x64.sel_gst_arch_is_64", 0x64, 2, 0x40},
    {"hip.0x66.sel_gst_nova_is_3", 0x66, 2, 3},
    {"hip.0x70.mco_obj_is_8", 0x70, 1, 8},
    {"hip.0x71.mco_hst_is_9", 0x71, 1, 9},
};

static uint64_t read_field(const struct nova_hip *hip, const struct field *f)
{
    switch (f->size) {
    case 1:
        return u8_at(hip, f->offset);
    case 2:
        return u16_at(hip, f->offset);
    case 4:
        return u32_at(hip, f->offset);
    default:
        return u64_at(hip, f->offset);
    }
}

static void check_ranges(const struct nova_hip *hip)
{
    uint64_t nova_start = u64_at(hip, 0x08), nova_end = u64_at(hip, 0x10);
    uint64_t mbuf_start = u64_at(hip, 0x18), mbuf_end = u64_at(hip, 0x20);
    uint64_t root_start = u64_at(hip, 0x28), root_end = u64_at(hip, 0x30);

    check_true("hip.0x08.nova_range_not_empty", nova_start < nova_end, "NOVA start < end");
    check_value("hip.0x18.mbuf_is_32k", MBUF_SIZE, mbuf_end - mbuf_start);
    check_true("hip.0x28.root_range_page_aligned_not_empty",
               root_start < root_end && !(root_start & 0xfff), "aligned ROOT start < end");
    check_true("hip.0x28.root_outside_nova_data", root_end <= mbuf_start || root_start >= mbuf_end,
               "ROOT and MBUF disjoint");
}

/* spec 6.2.1: ROOT Start Address is where the root ELF lies; map it read-only. */
static void check_root_start(const struct nova_hip *hip)
{
    enum nova_status s = fixture_map(hip->root_start, FX_VPN(0), PERM_MEM_R);
    check_status("hip.0x28.root_start_page_maps", STATUS_SUCCESS, s);
    if (s == STATUS_SUCCESS)
        check_value("hip.0x28.root_start_holds_root_elf", ELF_MAGIC,
                    *(volatile uint32_t *)FX_VA(FX_VPN(0)));
}

void check_layout(const struct nova_hip *hip)
{
    uint16_t length = u16_at(hip, 0x06);

    check_value("hip.mapped_4k_below_hva_end", NOVA_HIP_HVA, (uint64_t)(uintptr_t)hip);
    check_true("hip.0x06.length_covers_arm_part_even",
               length >= 0x88 && length <= NOVA_PAGE_SIZE && !(length & 1u),
               "0x88 <= length <= 4096, even");
    check_true("hip.0x04.checksum_sums_to_zero", checksum_is_zero(hip), "16-bit sum 0");
    for (unsigned i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        check_value(fields[i].name, fields[i].expect, read_field(hip, &fields[i]));
    check_ranges(hip);
    check_true("hip.0x50.stc_frequency_non_zero", u64_at(hip, 0x50) != 0, "non-zero");
    check_true("hip.0x68.cpu_num_non_zero", u16_at(hip, 0x68) != 0, "CPUNUM >= 1");
    check_true("hip.0x6a.cpu_bsp_below_cpu_num", u16_at(hip, 0x6a) < u16_at(hip, 0x68),
               "CPUBSP < CPUNUM");
    check_root_start(hip);

    /* spec 6.2.3.2: the root EC's UTCB, read/write, one page below the HIP. */
    volatile uint64_t *utcb = (volatile uint64_t *)(uintptr_t)NOVA_UTCB_HVA;
    utcb[511] = 0x5554434275746362u;
    check_value("utcb.root_mapped_rw_below_hip", 0x5554434275746362u, utcb[511]);
}
