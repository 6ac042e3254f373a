/* libnova/elf.c: the root task ELF checks of spec 6.2.1. Each rejection
 * test breaks one field of a valid image and expects its reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <nova/caps.h>
#include "arch_host_fixture.h"
#include "elf.h"

#define VADDR_END NOVA_UTCB_HVA

static _Alignas(4096) unsigned char image[FIXTURE_ELF_SIZE];
static struct elf_image out;

static int build(void **state)
{
    (void)state;
    fixture_elf_build(image);
    memset(&out, 0, sizeof(out));
    return 0;
}

static void expect_reject(const char *reason)
{
    const char *why = NULL;
    assert_false(elf_parse(image, sizeof(image), EM_AARCH64, VADDR_END, &out, &why));
    assert_non_null(why);
    assert_string_equal(why, reason);
}

static void elf_accepts_minimal_executable(void **state)
{
    (void)state;
    const char *why = NULL;
    assert_true(elf_parse(image, sizeof(image), EM_AARCH64, VADDR_END, &out, &why));
    assert_int_equal(out.entry, FIXTURE_ELF_TEXT + 0x10);
    assert_int_equal(out.count, 2);
    assert_int_equal(out.segment[0].offset, 0x1000);
    assert_int_equal(out.segment[0].vaddr, FIXTURE_ELF_TEXT);
    assert_int_equal(out.segment[0].size, 0x1000);
    assert_int_equal(out.segment[0].perm, PERM_MEM_R | PERM_MEM_XU);
    assert_int_equal(out.segment[1].vaddr, FIXTURE_ELF_DATA);
    assert_int_equal(out.segment[1].perm, PERM_MEM_R | PERM_MEM_W);
}

static void elf_skips_non_load_and_empty_segments(void **state)
{
    (void)state;
    fixture_phdr(image, 1)->p_type = PT_NOTE;
    const char *why = NULL;
    assert_true(elf_parse(image, sizeof(image), EM_AARCH64, VADDR_END, &out, &why));
    assert_int_equal(out.count, 1);
    fixture_phdr(image, 1)->p_type = PT_LOAD;
    fixture_phdr(image, 1)->p_filesz = fixture_phdr(image, 1)->p_memsz = 0;
    assert_true(elf_parse(image, sizeof(image), EM_AARCH64, VADDR_END, &out, &why));
    assert_int_equal(out.count, 1);
}

static void elf_accepts_segment_ending_at_vaddr_end(void **state)
{
    (void)state;
    fixture_phdr(image, 1)->p_vaddr = VADDR_END - 0x1000;
    const char *why = NULL;
    assert_true(elf_parse(image, sizeof(image), EM_AARCH64, VADDR_END, &out, &why));
}

static void elf_rejects_wrong_magic(void **state)
{
    (void)state;
    image[1] = 'X';
    expect_reject("not an ELF file");
}

static void elf_rejects_short_file(void **state)
{
    (void)state;
    const char *why = NULL;
    assert_false(elf_parse(image, 10, EM_AARCH64, VADDR_END, &out, &why));
    assert_string_equal(why, "not an ELF file");
}

static void elf_rejects_32_bit(void **state)
{
    (void)state;
    image[EI_CLASS] = ELFCLASS32;
    expect_reject("not a 64-bit little-endian ELF");
}

static void elf_rejects_big_endian(void **state)
{
    (void)state;
    image[EI_DATA] = ELFDATA2MSB;
    expect_reject("not a 64-bit little-endian ELF");
}

static void elf_rejects_et_dyn(void **state)
{
    (void)state;
    fixture_ehdr(image)->e_type = ET_DYN;
    expect_reject("not an executable (ET_EXEC)");
}

static void elf_rejects_wrong_machine(void **state)
{
    (void)state;
    fixture_ehdr(image)->e_machine = EM_X86_64;
    expect_reject("built for another architecture");
}

static void elf_rejects_phdrs_outside_file(void **state)
{
    (void)state;
    fixture_ehdr(image)->e_phoff = sizeof(image) - sizeof(Elf64_Phdr);
    expect_reject("program headers outside the file");
    build(NULL);
    fixture_ehdr(image)->e_phoff = UINT64_MAX;
    expect_reject("program headers outside the file");
    build(NULL);
    fixture_ehdr(image)->e_phnum = 0xffff;
    expect_reject("program headers outside the file");
    build(NULL);
    fixture_ehdr(image)->e_phentsize = 32;
    expect_reject("program headers outside the file");
}

static void elf_rejects_filesz_not_memsz(void **state)
{
    (void)state;
    fixture_phdr(image, 1)->p_memsz = 0x2000;
    expect_reject("PT_LOAD with p_filesz != p_memsz (spec 6.2.1)");
}

static void elf_rejects_vaddr_not_congruent_to_offset(void **state)
{
    (void)state;
    fixture_phdr(image, 1)->p_vaddr += 0x10;
    expect_reject("PT_LOAD with p_vaddr not congruent to p_offset mod 4 KiB (spec 6.2.1)");
}

static void elf_rejects_segment_past_eof(void **state)
{
    (void)state;
    fixture_phdr(image, 1)->p_filesz = fixture_phdr(image, 1)->p_memsz = 0x1001;
    expect_reject("PT_LOAD extends past the end of the file");
    build(NULL);
    fixture_phdr(image, 1)->p_offset = UINT64_MAX & ~0xfffull;
    fixture_phdr(image, 1)->p_vaddr = 0x7ffffff000ull & ~0xfffull;
    expect_reject("PT_LOAD extends past the end of the file");
}

static void elf_rejects_segment_reaching_vaddr_end(void **state)
{
    (void)state;
    fixture_phdr(image, 1)->p_vaddr = VADDR_END - 0x800;
    fixture_phdr(image, 1)->p_offset = 0x1800;
    fixture_phdr(image, 1)->p_filesz = fixture_phdr(image, 1)->p_memsz = 0x801;
    expect_reject("PT_LOAD outside the user address range");
    build(NULL);
    fixture_phdr(image, 1)->p_vaddr = VADDR_END;
    expect_reject("PT_LOAD outside the user address range");
    build(NULL);
    fixture_phdr(image, 1)->p_vaddr = UINT64_MAX & ~0xfffull; /* wraps past 2^64 */
    expect_reject("PT_LOAD outside the user address range");
}

static void elf_rejects_no_load_segment(void **state)
{
    (void)state;
    fixture_phdr(image, 0)->p_type = PT_NOTE;
    fixture_phdr(image, 1)->p_type = PT_DYNAMIC;
    expect_reject("no PT_LOAD segment");
}

static void elf_rejects_entry_outside_executable_segment(void **state)
{
    (void)state;
    fixture_ehdr(image)->e_entry = FIXTURE_ELF_DATA; /* mapped, not executable */
    expect_reject("entry point not in an executable segment");
    fixture_ehdr(image)->e_entry = FIXTURE_ELF_TEXT + 0x1000; /* one past the text */
    expect_reject("entry point not in an executable segment");
    fixture_ehdr(image)->e_entry = 0;
    expect_reject("entry point not in an executable segment");
}

static void elf_rejects_too_many_segments(void **state)
{
    (void)state;
    static _Alignas(4096) unsigned char big[0x2000];
    memcpy(big, image, 0x2000);
    Elf64_Ehdr *eh = (Elf64_Ehdr *)big;
    eh->e_phnum = ELF_MAX_SEGMENTS + 1;
    Elf64_Phdr *ph = (Elf64_Phdr *)(big + eh->e_phoff);
    for (unsigned i = 0; i < eh->e_phnum; i++)
        ph[i] = (Elf64_Phdr){PT_LOAD, PF_R | PF_X, 0x1000, FIXTURE_ELF_TEXT + i * 0x1000,
                             0,       0x1000,      0x1000, 0x1000};
    const char *why = NULL;
    assert_false(elf_parse(big, sizeof(big), EM_AARCH64, VADDR_END, &out, &why));
    assert_string_equal(why, "too many PT_LOAD segments");
}

static void elf_extent_covers_headers_and_segments(void **state)
{
    (void)state;
    /* Data segment: offset 0x2000, 0x1000 bytes. */
    assert_int_equal(elf_extent(image, sizeof(image)), 0x3000);
}

static void elf_extent_is_zero_when_it_does_not_fit(void **state)
{
    (void)state;
    assert_int_equal(elf_extent(image, 0x2fff), 0);
    assert_int_equal(elf_extent(image, sizeof(Elf64_Ehdr) - 1), 0);
    fixture_phdr(image, 1)->p_filesz = UINT64_MAX; /* would wrap */
    assert_int_equal(elf_extent(image, sizeof(image)), 0);
}

static void elf_extent_is_zero_for_a_non_elf(void **state)
{
    (void)state;
    image[0] = 'X';
    assert_int_equal(elf_extent(image, sizeof(image)), 0);
}

#define T(f) cmocka_unit_test_setup(f, build)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(elf_accepts_minimal_executable),
        T(elf_skips_non_load_and_empty_segments),
        T(elf_accepts_segment_ending_at_vaddr_end),
        T(elf_rejects_wrong_magic),
        T(elf_rejects_short_file),
        T(elf_rejects_32_bit),
        T(elf_rejects_big_endian),
        T(elf_rejects_et_dyn),
        T(elf_rejects_wrong_machine),
        T(elf_rejects_phdrs_outside_file),
        T(elf_rejects_filesz_not_memsz),
        T(elf_rejects_vaddr_not_congruent_to_offset),
        T(elf_rejects_segment_past_eof),
        T(elf_rejects_segment_reaching_vaddr_end),
        T(elf_rejects_no_load_segment),
        T(elf_rejects_entry_outside_executable_segment),
        T(elf_rejects_too_many_segments),
        T(elf_extent_covers_headers_and_segments),
        T(elf_extent_is_zero_when_it_does_not_fit),
        T(elf_extent_is_zero_for_a_non_elf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
