/* Tests for examples/vmm/vpl011.c: the PL011 register semantics a guest sees
 * (ARM DDI 0183), the receive FIFO and its interrupts, and the prefixed
 * line output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vpl011.h"

static struct vpl011 uart;
static char out[4096];
static size_t out_len;
static unsigned out_calls;
static unsigned irq_calls;
static bool irq_last;

static void output(void *ctx, const char *text, size_t len)
{
    assert_ptr_equal(ctx, &uart);
    assert_true(out_len + len < sizeof(out));
    memcpy(out + out_len, text, len);
    out_len += len;
    out[out_len] = '\0';
    out_calls++;
}

static void irq(void *ctx, bool level)
{
    assert_ptr_equal(ctx, &uart);
    irq_calls++;
    irq_last = level;
}

static int setup(void **state)
{
    out_len = 0;
    out[0] = '\0';
    out_calls = 0;
    irq_calls = 0;
    irq_last = false;
    vpl011_init(&uart, "[linux0] ", output, irq, &uart);
    return 0;
}

static uint32_t rd(uint32_t offset)
{
    uint64_t v = 0xdeadbeef;

    assert_true(vpl011_read(&uart, offset, 4, &v));
    assert_true(v <= 0xffffffffu);
    return (uint32_t)v;
}

static void wr(uint32_t offset, uint32_t value)
{
    assert_true(vpl011_write(&uart, offset, 4, value));
}

static void put(const char *s)
{
    while (*s)
        wr(VPL011_DR, (uint8_t)*s++);
}

/* Linux's driver: FIFOs on, 8 bits; the FIFO depth of a r1p5 is 32. */
static void enable_fifo(void) { wr(VPL011_LCR_H, VPL011_LCR_H_FEN | 0x60); }

static void reset_values_match_the_trm(void **state)
{
    assert_int_equal(rd(VPL011_CR), 0x300);
    assert_int_equal(rd(VPL011_IFLS), 0x12);
    assert_int_equal(rd(VPL011_FR) & 0xf8, VPL011_FR_TXFE | VPL011_FR_RXFE);
    assert_int_equal(rd(VPL011_RSR), 0);
    assert_int_equal(rd(VPL011_IBRD), 0);
    assert_int_equal(rd(VPL011_FBRD), 0);
    assert_int_equal(rd(VPL011_LCR_H), 0);
    assert_int_equal(rd(VPL011_IMSC), 0);
    assert_int_equal(rd(VPL011_RIS), 0);
    assert_int_equal(rd(VPL011_MIS), 0);
    assert_int_equal(rd(VPL011_DMACR), 0);
    assert_int_equal(rd(VPL011_ILPR), 0);
    assert_false(vpl011_irq_level(&uart));
}

static void id_registers_identify_a_pl011_r1p5(void **state)
{
    static const uint32_t periph[4] = {0x11, 0x10, 0x34, 0x00};
    static const uint32_t pcell[4] = {0x0d, 0xf0, 0x05, 0xb1};

    for (unsigned i = 0; i < 4; i++) {
        assert_int_equal(rd(VPL011_PERIPHID0 + 4 * i), periph[i]);
        assert_int_equal(rd(VPL011_PCELLID0 + 4 * i), pcell[i]);
    }
    /* what Linux's AMBA bus assembles: part 0x011, Arm, revision 3 */
    uint32_t pid = 0;
    for (unsigned i = 0; i < 4; i++)
        pid |= rd(VPL011_PERIPHID0 + 4 * i) << (8 * i);
    assert_int_equal(pid & 0xfff, 0x011);
    assert_int_equal((pid >> 12) & 0xff, 0x41);
    assert_int_equal((pid >> 20) & 0xf, 3);
    /* read-only */
    wr(VPL011_PERIPHID0, 0);
    assert_int_equal(rd(VPL011_PERIPHID0), 0x11);
}

static void registers_keep_their_implemented_bits(void **state)
{
    wr(VPL011_IBRD, 0xffffffff);
    wr(VPL011_FBRD, 0xffffffff);
    wr(VPL011_LCR_H, 0xffffffff);
    wr(VPL011_CR, 0xffffffff);
    wr(VPL011_IFLS, 0xffffffff);
    wr(VPL011_IMSC, 0xffffffff);
    wr(VPL011_DMACR, 0xffffffff);
    wr(VPL011_ILPR, 0xffffffff);
    assert_int_equal(rd(VPL011_IBRD), 0xffff);
    assert_int_equal(rd(VPL011_FBRD), 0x3f);
    assert_int_equal(rd(VPL011_LCR_H), 0xff);
    assert_int_equal(rd(VPL011_CR), 0xff87);
    assert_int_equal(rd(VPL011_IFLS), 0x3f);
    assert_int_equal(rd(VPL011_IMSC), 0x7ff);
    assert_int_equal(rd(VPL011_DMACR), 0x7);
    assert_int_equal(rd(VPL011_ILPR), 0xff);
    /* 24 MHz, 115200 baud as Linux programs it */
    wr(VPL011_IBRD, 13);
    wr(VPL011_FBRD, 1);
    assert_int_equal(rd(VPL011_IBRD), 13);
    assert_int_equal(rd(VPL011_FBRD), 1);
}

static void flags_never_report_a_busy_or_full_transmitter(void **state)
{
    wr(VPL011_CR, VPL011_CR_UARTEN | VPL011_CR_TXE | VPL011_CR_RXE);
    for (unsigned i = 0; i < 100; i++) {
        wr(VPL011_DR, 'x');
        uint32_t fr = rd(VPL011_FR);
        assert_int_equal(fr & (VPL011_FR_BUSY | VPL011_FR_TXFF), 0);
        assert_int_equal(fr & VPL011_FR_TXFE, VPL011_FR_TXFE);
    }
    /* modem inputs: a terminal is attached */
    assert_int_equal(rd(VPL011_FR) & 7, VPL011_FR_CTS | VPL011_FR_DSR | VPL011_FR_DCD);
}

static void output_is_line_buffered_with_the_prefix(void **state)
{
    put("Booting Linux\r\n");
    assert_string_equal(out, "[linux0] Booting Linux\n");
    assert_int_equal(out_calls, 1);
    put("a");
    put("b");
    assert_int_equal(out_calls, 1); /* no newline yet */
    put("c\nd\n");
    assert_string_equal(out, "[linux0] Booting Linux\n[linux0] abc\n[linux0] d\n");
    assert_int_equal(out_calls, 3);
}

static void flush_emits_a_prompt_without_a_second_prefix(void **state)
{
    put("~ # ");
    assert_int_equal(out_len, 0);
    vpl011_flush(&uart);
    assert_string_equal(out, "[linux0] ~ # ");
    vpl011_flush(&uart);
    assert_int_equal(out_calls, 1); /* nothing new */
    put("ls\n");
    assert_string_equal(out, "[linux0] ~ # ls\n");
}

static void long_lines_are_split_without_repeating_the_prefix(void **state)
{
    char expect[1024];
    size_t n = 0;

    memcpy(expect, "[linux0] ", 9);
    n = 9;
    for (unsigned i = 0; i < 600; i++) {
        wr(VPL011_DR, 'a' + i % 26);
        expect[n++] = (char)('a' + i % 26);
    }
    wr(VPL011_DR, '\n');
    expect[n++] = '\n';
    expect[n] = '\0';
    assert_string_equal(out, expect);
    assert_int_equal(out_calls, 3); /* 256 + 256 + the rest */
}

static void prefix_is_cut_to_its_maximum(void **state)
{
    vpl011_init(&uart, "0123456789012345678901234567890123456789", output, irq, &uart);
    put("x\n");
    assert_string_equal(out, "0123456789012345678901234567890x\n");
    setup(state);
    vpl011_init(&uart, NULL, output, NULL, &uart);
    put("y\n");
    assert_string_equal(out, "y\n");
}

static void byte_and_halfword_accesses_work_as_linux_makes_them(void **state)
{
    uint64_t v;

    /* earlycon: strb to DR; amba-pl011: 16-bit accesses to every register */
    assert_true(vpl011_write(&uart, VPL011_DR, 1, 'E'));
    assert_true(vpl011_write(&uart, VPL011_DR, 2, 'F'));
    assert_true(vpl011_write(&uart, VPL011_DR, 1, 0x100 | '\n'));
    assert_string_equal(out, "[linux0] EF\n");
    assert_true(vpl011_write(&uart, VPL011_IMSC, 2, 0xffff));
    assert_true(vpl011_read(&uart, VPL011_IMSC, 2, &v));
    assert_int_equal(v, 0x7ff);
    assert_true(vpl011_read(&uart, VPL011_IMSC, 1, &v));
    assert_int_equal(v, 0xff);
    assert_true(vpl011_read(&uart, VPL011_FR, 2, &v));
    assert_int_equal(v & VPL011_FR_TXFE, VPL011_FR_TXFE);
    assert_int_equal(vpl011_receive(&uart, "q", 1), 1);
    assert_true(vpl011_read(&uart, VPL011_DR, 1, &v));
    assert_int_equal(v, 'q');
}

static void invalid_accesses_are_refused(void **state)
{
    uint64_t v = 77;

    assert_false(vpl011_read(&uart, VPL011_CR, 8, &v)); /* 64-bit */
    assert_int_equal(v, 0);
    assert_false(vpl011_read(&uart, VPL011_CR + 1, 1, &v)); /* not at the register */
    assert_false(vpl011_read(&uart, VPL011_CR + 2, 2, &v));
    assert_false(vpl011_read(&uart, 0x008, 4, &v)); /* reserved */
    assert_false(vpl011_read(&uart, 0x04c, 4, &v));
    assert_false(vpl011_read(&uart, 0x1000, 4, &v)); /* outside the page */
    assert_false(vpl011_read(&uart, 3, 4, &v));
    assert_false(vpl011_write(&uart, 0x008, 4, 1));
    assert_false(vpl011_write(&uart, VPL011_DR, 8, 'x'));
    assert_false(vpl011_write(&uart, VPL011_DR + 1, 1, 'x'));
    assert_false(vpl011_write(&uart, 0x2000, 4, 'x'));
    assert_false(vpl011_write(&uart, VPL011_DR, 3, 'x'));
    vpl011_flush(&uart);
    assert_int_equal(out_len, 0);
    assert_int_equal(rd(VPL011_RIS), 0);
}

static void receive_fills_32_entries_and_reports_how_many_fit(void **state)
{
    char in[40];

    enable_fifo();
    memset(in, 'a', sizeof(in));
    assert_int_equal(vpl011_rx_space(&uart), 32);
    assert_int_equal(vpl011_receive(&uart, in, 30), 30);
    assert_int_equal(rd(VPL011_FR) & VPL011_FR_RXFF, 0);
    assert_int_equal(vpl011_receive(&uart, "0123456789", 10), 2);
    assert_int_equal(vpl011_rx_space(&uart), 0);
    assert_int_equal(vpl011_receive(&uart, "x", 1), 0);
    assert_int_equal(rd(VPL011_FR) & (VPL011_FR_RXFF | VPL011_FR_RXFE), VPL011_FR_RXFF);
    /* the VMM's flow control loses nothing: no overrun */
    assert_int_equal(rd(VPL011_RSR), 0);
    assert_int_equal(rd(VPL011_RIS) & VPL011_INT_OE, 0);
    for (unsigned i = 0; i < 30; i++)
        assert_int_equal(rd(VPL011_DR), 'a');
    assert_int_equal(rd(VPL011_DR), '0');
    assert_int_equal(rd(VPL011_DR), '1');
    assert_int_equal(rd(VPL011_FR) & (VPL011_FR_RXFF | VPL011_FR_RXFE), VPL011_FR_RXFE);
    /* wraps around the ring */
    assert_int_equal(vpl011_receive(&uart, "xyz", 3), 3);
    assert_int_equal(rd(VPL011_DR), 'x');
    assert_int_equal(rd(VPL011_DR), 'y');
    assert_int_equal(rd(VPL011_DR), 'z');
    assert_int_equal(rd(VPL011_DR), 0); /* empty */
}

static void without_fifo_the_receiver_holds_one_character(void **state)
{
    assert_int_equal(vpl011_rx_space(&uart), 1);
    assert_int_equal(vpl011_receive(&uart, "ab", 2), 1);
    assert_int_equal(rd(VPL011_FR) & VPL011_FR_RXFF, VPL011_FR_RXFF);
    /* character mode: the receive interrupt comes with that one character */
    assert_int_equal(rd(VPL011_RIS) & (VPL011_INT_RX | VPL011_INT_RT), VPL011_INT_RX);
    assert_int_equal(rd(VPL011_DR), 'a');
    assert_int_equal(rd(VPL011_RIS) & (VPL011_INT_RX | VPL011_INT_RT), 0);
}

static void rx_interrupt_at_each_trigger_level(void **state)
{
    static const unsigned levels[5] = {4, 8, 16, 24, 28};

    for (unsigned sel = 0; sel < 5; sel++) {
        setup(state);
        enable_fifo();
        wr(VPL011_IFLS, sel << 3);
        wr(VPL011_IMSC, VPL011_INT_RX);
        for (unsigned n = 1; n <= levels[sel]; n++) {
            assert_int_equal(vpl011_receive(&uart, "k", 1), 1);
            bool at = n >= levels[sel];
            assert_int_equal(rd(VPL011_RIS) & VPL011_INT_RX, at ? VPL011_INT_RX : 0);
            assert_int_equal(vpl011_irq_level(&uart), at);
            assert_int_equal(irq_last, at);
        }
        /* reading below the level clears it */
        rd(VPL011_DR);
        assert_int_equal(rd(VPL011_RIS) & VPL011_INT_RX, 0);
        assert_false(irq_last);
    }
}

static void rx_timeout_while_characters_wait_below_the_level(void **state)
{
    enable_fifo(); /* level 16 */
    wr(VPL011_IMSC, VPL011_INT_RX | VPL011_INT_RT);
    assert_int_equal(vpl011_receive(&uart, "ls\n", 3), 3);
    assert_int_equal(rd(VPL011_RIS) & (VPL011_INT_RX | VPL011_INT_RT), VPL011_INT_RT);
    assert_int_equal(rd(VPL011_MIS), VPL011_INT_RT);
    assert_true(irq_last);
    rd(VPL011_DR);
    rd(VPL011_DR);
    assert_int_equal(rd(VPL011_MIS), VPL011_INT_RT);
    rd(VPL011_DR);
    /* empty: both clear */
    assert_int_equal(rd(VPL011_RIS), 0);
    assert_false(irq_last);
}

static void rx_timeout_is_masked_and_cleared_like_the_hardware(void **state)
{
    enable_fifo();
    assert_int_equal(vpl011_receive(&uart, "a", 1), 1);
    assert_int_equal(rd(VPL011_RIS), VPL011_INT_RT);
    assert_int_equal(rd(VPL011_MIS), 0); /* masked */
    assert_false(irq_last);
    wr(VPL011_IMSC, VPL011_INT_RT);
    assert_true(irq_last);
    wr(VPL011_ICR, VPL011_INT_RT);
    assert_int_equal(rd(VPL011_RIS), 0);
    assert_false(irq_last);
    /* a new character restarts the (immediate) timeout */
    assert_int_equal(vpl011_receive(&uart, "b", 1), 1);
    assert_true(irq_last);
}

static void rx_interrupt_needs_a_new_crossing_after_icr(void **state)
{
    char in[32];

    memset(in, 'z', sizeof(in));
    enable_fifo();
    wr(VPL011_IMSC, VPL011_INT_RX | VPL011_INT_RT);
    assert_int_equal(vpl011_receive(&uart, in, 20), 20);
    assert_int_equal(rd(VPL011_RIS), VPL011_INT_RX);
    wr(VPL011_ICR, VPL011_INT_RX | VPL011_INT_RT);
    assert_false(irq_last);
    assert_int_equal(vpl011_receive(&uart, in, 1), 1); /* still above the level */
    assert_int_equal(rd(VPL011_RIS) & VPL011_INT_RX, 0);
    /* drop below and cross again */
    for (unsigned i = 0; i < 6; i++)
        rd(VPL011_DR);
    assert_int_equal(rd(VPL011_RIS), VPL011_INT_RT); /* 15 below the level */
    assert_int_equal(vpl011_receive(&uart, in, 1), 1);
    assert_int_equal(rd(VPL011_RIS), VPL011_INT_RX);
    assert_true(irq_last);
}

static void lowering_the_trigger_level_raises_rx(void **state)
{
    enable_fifo();
    wr(VPL011_IMSC, VPL011_INT_RX);
    assert_int_equal(vpl011_receive(&uart, "abcdef", 6), 6);
    assert_false(irq_last);
    wr(VPL011_IFLS, 0); /* 1/8: 4 characters */
    assert_int_equal(rd(VPL011_RIS) & VPL011_INT_RX, VPL011_INT_RX);
    assert_true(irq_last);
}

static void tx_interrupt_after_data_left_the_fifo(void **state)
{
    wr(VPL011_CR, VPL011_CR_UARTEN | VPL011_CR_TXE | VPL011_CR_RXE);
    /* enabled before any data was written: not set (TRM, UARTTXINTR) */
    wr(VPL011_IMSC, VPL011_INT_TX);
    assert_int_equal(rd(VPL011_RIS), 0);
    assert_false(irq_last);
    wr(VPL011_DR, 'a');
    assert_int_equal(rd(VPL011_RIS), VPL011_INT_TX);
    assert_int_equal(rd(VPL011_MIS), VPL011_INT_TX);
    assert_true(irq_last);
    wr(VPL011_ICR, VPL011_INT_TX);
    assert_int_equal(rd(VPL011_RIS), 0);
    assert_false(irq_last);
    wr(VPL011_DR, 'b');
    assert_true(irq_last);
    /* masking drops the line, RIS keeps the state */
    wr(VPL011_IMSC, 0);
    assert_false(irq_last);
    assert_int_equal(rd(VPL011_RIS), VPL011_INT_TX);
    assert_int_equal(rd(VPL011_MIS), 0);
}

static void loopback_receives_what_is_sent_and_overruns(void **state)
{
    enable_fifo();
    wr(VPL011_CR, VPL011_CR_UARTEN | VPL011_CR_TXE | VPL011_CR_RXE | VPL011_CR_LBE);
    for (unsigned i = 0; i < 33; i++)
        wr(VPL011_DR, '0' + i % 10);
    vpl011_flush(&uart);
    assert_int_equal(out_len, 0); /* nothing left the UART */
    assert_int_equal(rd(VPL011_RSR), VPL011_RSR_OE);
    assert_int_equal(rd(VPL011_RIS) & VPL011_INT_OE, VPL011_INT_OE);
    /* the character that made room carries OE; the next does not */
    assert_int_equal(rd(VPL011_DR), VPL011_DR_OE | '0');
    assert_int_equal(rd(VPL011_DR), '1');
    wr(VPL011_RSR, 0); /* ECR */
    assert_int_equal(rd(VPL011_RSR), 0);
    assert_int_equal(rd(VPL011_RIS) & VPL011_INT_OE, 0);
}

static void irq_callback_follows_every_access(void **state)
{
    uint64_t v;

    vpl011_read(&uart, VPL011_FR, 4, &v);
    vpl011_write(&uart, VPL011_CR, 4, 0x301);
    vpl011_receive(&uart, "a", 1);
    vpl011_read(&uart, 0x008, 4, &v); /* even an invalid one */
    assert_int_equal(irq_calls, 4);
}

static void linux_startup_sequence_gets_its_interrupts(void **state)
{
    /* pl011_startup/pl011_hwinit/pl011_enable_interrupts in order */
    assert_int_equal(vpl011_receive(&uart, "x", 1), 1); /* typed before boot */
    wr(VPL011_ICR, 0x7ff);
    wr(VPL011_IMSC, 0);
    wr(VPL011_IFLS, 0x12);
    wr(VPL011_CR, VPL011_CR_UARTEN | VPL011_CR_TXE | VPL011_CR_RXE);
    wr(VPL011_IBRD, 13);
    wr(VPL011_FBRD, 1);
    wr(VPL011_LCR_H, 0x70);
    wr(VPL011_ICR, VPL011_INT_RT | VPL011_INT_RX);
    while (!(rd(VPL011_FR) & VPL011_FR_RXFE))
        rd(VPL011_DR);
    wr(VPL011_IMSC, VPL011_INT_RT | VPL011_INT_RX);
    assert_false(irq_last);
    assert_int_equal(vpl011_receive(&uart, "root\n", 5), 5);
    assert_true(irq_last);
    assert_int_equal(rd(VPL011_MIS), VPL011_INT_RT);
    char got[6] = {0};
    for (unsigned i = 0; !(rd(VPL011_FR) & VPL011_FR_RXFE); i++)
        got[i] = (char)rd(VPL011_DR);
    assert_string_equal(got, "root\n");
    assert_false(irq_last);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(reset_values_match_the_trm, setup),
        cmocka_unit_test_setup(id_registers_identify_a_pl011_r1p5, setup),
        cmocka_unit_test_setup(registers_keep_their_implemented_bits, setup),
        cmocka_unit_test_setup(flags_never_report_a_busy_or_full_transmitter, setup),
        cmocka_unit_test_setup(output_is_line_buffered_with_the_prefix, setup),
        cmocka_unit_test_setup(flush_emits_a_prompt_without_a_second_prefix, setup),
        cmocka_unit_test_setup(long_lines_are_split_without_repeating_the_prefix, setup),
        cmocka_unit_test_setup(prefix_is_cut_to_its_maximum, setup),
        cmocka_unit_test_setup(byte_and_halfword_accesses_work_as_linux_makes_them, setup),
        cmocka_unit_test_setup(invalid_accesses_are_refused, setup),
        cmocka_unit_test_setup(receive_fills_32_entries_and_reports_how_many_fit, setup),
        cmocka_unit_test_setup(without_fifo_the_receiver_holds_one_character, setup),
        cmocka_unit_test_setup(rx_interrupt_at_each_trigger_level, setup),
        cmocka_unit_test_setup(rx_timeout_while_characters_wait_below_the_level, setup),
        cmocka_unit_test_setup(rx_timeout_is_masked_and_cleared_like_the_hardware, setup),
        cmocka_unit_test_setup(rx_interrupt_needs_a_new_crossing_after_icr, setup),
        cmocka_unit_test_setup(lowering_the_trigger_level_raises_rx, setup),
        cmocka_unit_test_setup(tx_interrupt_after_data_left_the_fifo, setup),
        cmocka_unit_test_setup(loopback_receives_what_is_sent_and_overruns, setup),
        cmocka_unit_test_setup(irq_callback_follows_every_access, setup),
        cmocka_unit_test_setup(linux_startup_sequence_gets_its_interrupts, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
