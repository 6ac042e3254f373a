/* A root task that drives kernel objects end to end on the target: a
 * semaphore timeout (timer interrupt and idle), IPC into another PD (VTTBR
 * switch, word transfer, SC donation) and which registers each side of it
 * sees (ipc_regs.S), a STARTUP event that starts a global EC, an exception
 * event whose handler skips the faulting instruction, and ctrl_sc. One line
 * per check; the QEMU test reads them. */
#include <nova/utcb.h>
#include <novart/rt.h>

#define IMAGE_VPN (0x10000000u >> 12) /* root.ld links the root task here */
#define IMAGE_ORDER 8                 /* 1 MiB: the whole test image */
#define SERVER_UTCB_VPN 0x2000000u    /* HVA 0x2000000000 */
#define HANDLER_UTCB_VPN (SERVER_UTCB_VPN + 1)
#define WORKER_UTCB_VPN (SERVER_UTCB_VPN + 2)
#define EVT_BASE 0x1000u
#define STACK_WORDS 1024

static unsigned checks, failures;

static void check(bool ok, const char *name, uint64_t got)
{
    checks++;
    if (ok) {
        rt_printf("objects: ok %s\n", name);
    } else {
        failures++;
        rt_printf("objects: FAIL %s (got 0x%lx)\n", name, (unsigned long)got);
    }
}

/* Stacks for the ECs this task creates; each entry stub below resets SP,
 * so every portal entry starts on an empty stack. */
static uint64_t server_stack[STACK_WORDS] __attribute__((aligned(16)));
static uint64_t handler_stack[STACK_WORDS] __attribute__((aligned(16)));
static uint64_t worker_stack[STACK_WORDS] __attribute__((aligned(16)));
static uint64_t remote_handler_stack[STACK_WORDS] __attribute__((aligned(16)));
static uint64_t remote_worker_stack[STACK_WORDS] __attribute__((aligned(16)));
static uint64_t spinner_stack[STACK_WORDS] __attribute__((aligned(16)));

uint64_t sel_done;        /* semaphore the worker ups when it ran */
uint64_t sel_remote;      /* semaphore the worker on CPU 1 ups */
uint64_t worker_fp_traps; /* FP instructions of the worker (no F flag) */
uint64_t worker_traps;    /* brk instructions the handler skipped */

void server_main(uint64_t pid, uint64_t mtd) __attribute__((noreturn));
void handler_main(uint64_t pid, uint64_t mtd) __attribute__((noreturn));
void worker_main(void) __attribute__((noreturn));
void remote_handler_main(uint64_t pid, uint64_t mtd) __attribute__((noreturn));
void remote_worker_main(void) __attribute__((noreturn));
void spinner_main(void) __attribute__((noreturn));

/* Portal and EC entry points: an empty stack, then C. */
__asm__(".text\n"
        "server_entry: adrp x16, server_stack_top\n ldr x16, [x16, :lo12:server_stack_top]\n"
        " mov sp, x16\n b server_main\n"
        "handler_entry: adrp x16, handler_stack_top\n ldr x16, [x16, :lo12:handler_stack_top]\n"
        " mov sp, x16\n b handler_main\n"
        "worker_entry: adrp x16, worker_stack_top\n ldr x16, [x16, :lo12:worker_stack_top]\n"
        " mov sp, x16\n b worker_main\n"
        "remote_handler_entry: adrp x16, remote_handler_stack_top\n"
        " ldr x16, [x16, :lo12:remote_handler_stack_top]\n mov sp, x16\n b remote_handler_main\n"
        "remote_worker_entry: adrp x16, remote_worker_stack_top\n"
        " ldr x16, [x16, :lo12:remote_worker_stack_top]\n mov sp, x16\n b remote_worker_main\n"
        "spinner_entry: adrp x16, spinner_stack_top\n"
        " ldr x16, [x16, :lo12:spinner_stack_top]\n mov sp, x16\n b spinner_main\n");
uint64_t *server_stack_top = server_stack + STACK_WORDS;
uint64_t *handler_stack_top = handler_stack + STACK_WORDS;
uint64_t *worker_stack_top = worker_stack + STACK_WORDS;
uint64_t *remote_handler_stack_top = remote_handler_stack + STACK_WORDS;
uint64_t *remote_worker_stack_top = remote_worker_stack + STACK_WORDS;
uint64_t *spinner_stack_top = spinner_stack + STACK_WORDS;
void server_entry(void);
void handler_entry(void);
void worker_entry(void);
void remote_handler_entry(void);
void remote_worker_entry(void);
void spinner_entry(void);

/* Sum the request words; reply with the sum and the PID. */
void server_main(uint64_t pid, uint64_t mtd)
{
    uint64_t *utcb = (uint64_t *)(uintptr_t)((uint64_t)SERVER_UTCB_VPN << 12), sum = 0;
    for (unsigned i = 0; i < MTD_WORDS(mtd); i++)
        sum += utcb[i];
    utcb[0] = sum;
    utcb[1] = pid;
    nova_ipc_reply(1); /* two words */
}

/* STARTUP: start the worker at worker_entry. BRK: skip the instruction. */
void handler_main(uint64_t pid, uint64_t mtd)
{
    struct utcb_arch *u = (struct utcb_arch *)(uintptr_t)((uint64_t)HANDLER_UTCB_VPN << 12);
    (void)mtd;
    if (pid == 0x15) { /* the root's refused proxy_smc: answer in X0 */
        u->x[0] = 0x5ec;
        nova_ipc_reply(MTD_GPR);
    }
    if (pid == HIP_SEL_HST_ARCH) {
        u->elr_el2 = (uintptr_t)worker_entry;
    } else {
        u->elr_el2 += 4;
        if (pid == 0x07)
            worker_fp_traps++;
        else
            worker_traps++;
    }
    nova_ipc_reply(MTD_EL2_ELR_SPSR);
}

void worker_main(void)
{
    __asm__ volatile("brk #0x42");
    __asm__ volatile("fmov d0, xzr"); /* no F flag: traps to the FP portal */
    nova_ctrl_sm(sel_done, 0, 0);
    for (;;)
        nova_ctrl_sm(sel_done, CTRL_SM_DOWN, 0); /* park: nobody ups it again */
}

#define REMOTE_HANDLER_UTCB_VPN (SERVER_UTCB_VPN + 3)
#define REMOTE_WORKER_UTCB_VPN (SERVER_UTCB_VPN + 4)
#define REMOTE_EVT_BASE 0x2000u

#define SPINNER_UTCB_VPN (SERVER_UTCB_VPN + 5)
#define READER_UTCB_VPN (SERVER_UTCB_VPN + 6)
#define READER_EVT_BASE 0x4000u
#define ALIAS_VPN 0x3000000u /* HVA 0x3000000000: an alias of a data page */
#define UNMAPPED_VPN 0x3000001u

volatile uint64_t reader_reads, reader_faults;
static uint64_t aliased_page[512] __attribute__((aligned(4096)));
void reader_main(void) __attribute__((noreturn));
void parked_main(void) __attribute__((noreturn));
void reader_entry(void);
void parked_entry(void);
__asm__(".text\n reader_entry: b reader_main\n parked_entry: b parked_main\n");
#define SPINNER_EVT_BASE 0x3000u

volatile uint64_t spinner_recalls; /* RECALL events the CPU 1 handler saw */
volatile uint64_t spinner_spins;

/* Events of the ECs on CPU 1: STARTUP of the worker (pid 0) and of the
 * spinner (pid 1), RECALL of the spinner (pid 2). */
void remote_handler_main(uint64_t pid, uint64_t mtd)
{
    struct utcb_arch *u = (struct utcb_arch *)(uintptr_t)((uint64_t)REMOTE_HANDLER_UTCB_VPN << 12);
    (void)mtd;
    if (pid == 2) {
        spinner_recalls++;
        nova_ipc_reply(0);
    }
    if (pid == 3) { /* the reader's data abort: park it */
        reader_faults++;
        u->elr_el2 = (uintptr_t)parked_entry;
        nova_ipc_reply(MTD_EL2_ELR_SPSR);
    }
    u->elr_el2 = pid == 0   ? (uintptr_t)remote_worker_entry
                 : pid == 4 ? (uintptr_t)reader_entry
                            : (uintptr_t)spinner_entry;
    nova_ipc_reply(MTD_EL2_ELR_SPSR);
}

/* Reads the aliased page until its mapping is revoked from another CPU. */
void reader_main(void)
{
    for (;;) {
        (void)*(volatile uint64_t *)(uintptr_t)((uint64_t)ALIAS_VPN << 12);
        reader_reads++;
    }
}

void parked_main(void)
{
    for (;;)
        __asm__ volatile("wfe");
}

void spinner_main(void)
{
    for (;;)
        spinner_spins++;
}

/* Runs on CPU 1 concurrently with the root: it must not take back the
 * count it gives (the root may not be waiting yet), so it spins after. */
volatile uint64_t remote_worker_spins;

void remote_worker_main(void)
{
    nova_ctrl_sm(sel_remote, 0, 0);
    for (;;)
        remote_worker_spins++;
}

/* A global EC on CPU 1 wakes the root blocked on CPU 0. */
static void cross_cpu_wakeup(void)
{
    uint64_t handler = rt_sel_alloc(0), worker = rt_sel_alloc(0), sc = rt_sel_alloc(0);
    sel_remote = rt_sel_alloc(0);
    check(nova_create_sm(sel_remote, SEL_ROOT_PD, 0) == STATUS_SUCCESS, "smp.create_sm", 0);
    enum nova_status s = nova_create_ec(handler, 0, SEL_ROOT_PD, REMOTE_HANDLER_UTCB_VPN, 1, 0, 0);
    check(s == STATUS_SUCCESS, "smp.create_ec_on_cpu1", s);
    s = nova_create_pt(REMOTE_EVT_BASE + HIP_SEL_HST_ARCH, SEL_ROOT_PD, handler,
                       (uintptr_t)remote_handler_entry);
    check(s == STATUS_SUCCESS, "smp.create_pt_on_cpu1", s);
    s = nova_create_ec(worker, CREATE_EC_GLOBAL, SEL_ROOT_PD, REMOTE_WORKER_UTCB_VPN, 1, 0,
                       REMOTE_EVT_BASE);
    check(s == STATUS_SUCCESS, "smp.create_global_ec_on_cpu1", s);
    s = nova_create_sc(sc, SEL_ROOT_PD, worker, SCD(10, 1, 0));
    check(s == STATUS_SUCCESS, "smp.create_sc_on_cpu1", s);
    s = nova_ctrl_sm(sel_remote, CTRL_SM_DOWN, rt_stc_now() + rt_hip->stc_freq * 5);
    check(s == STATUS_SUCCESS, "smp.cross_cpu_semaphore_wakeup", s);
    uint64_t pt = rt_sel_alloc(0);
    nova_create_pt(pt, SEL_ROOT_PD, handler, 0);
    uint32_t mtd = 0;
    s = nova_ipc_call(pt, 0, &mtd);
    check(s == STATUS_BAD_CPU, "smp.ipc_call_to_another_cpu_is_bad_cpu", s);

    /* A global EC spinning in user mode on CPU 1, recalled from CPU 0. */
    uint64_t spinner = rt_sel_alloc(0), spinner_sc = rt_sel_alloc(0);
    nova_create_pt(SPINNER_EVT_BASE + HIP_SEL_HST_ARCH, SEL_ROOT_PD, handler,
                   (uintptr_t)remote_handler_entry);
    nova_ctrl_pt(SPINNER_EVT_BASE + HIP_SEL_HST_ARCH, 1, MTD_EL2_ELR_SPSR);
    nova_create_pt(SPINNER_EVT_BASE + HIP_SEL_HST_ARCH + 1, SEL_ROOT_PD, handler,
                   (uintptr_t)remote_handler_entry);
    nova_ctrl_pt(SPINNER_EVT_BASE + HIP_SEL_HST_ARCH + 1, 2, 0);
    s = nova_create_ec(spinner, CREATE_EC_GLOBAL, SEL_ROOT_PD, SPINNER_UTCB_VPN, 1, 0,
                       SPINNER_EVT_BASE);
    check(s == STATUS_SUCCESS, "smp.create_spinner_on_cpu1", s);
    nova_create_sc(spinner_sc, SEL_ROOT_PD, spinner, SCD(10, 1, 0));
    uint64_t deadline = rt_stc_now() + rt_hip->stc_freq * 5; /* generous: vCPUs are host threads */
    while (spinner_spins < 1000 && rt_stc_now() < deadline)
        ;
    check(spinner_spins >= 1000, "smp.spinner_runs_on_cpu1", spinner_spins);
    s = nova_ctrl_ec(spinner, CTRL_EC_STRONG);
    check(s == STATUS_SUCCESS, "smp.strong_recall_of_an_ec_on_cpu1", s);
    deadline = rt_stc_now() + rt_hip->stc_freq * 5;
    while (spinner_recalls < 1 && rt_stc_now() < deadline)
        ;
    check(spinner_recalls == 1, "smp.recall_event_delivered_on_cpu1", spinner_recalls);
    uint64_t before = spinner_spins;
    deadline = rt_stc_now() + rt_hip->stc_freq * 5;
    while (spinner_spins == before && rt_stc_now() < deadline)
        ;
    check(spinner_spins > before, "smp.spinner_resumes_after_recall", spinner_spins - before);

    /* Revocation while another CPU uses the mapping: an EC on CPU 1 reads
     * an alias of a page; the root revokes the alias from CPU 0; the next
     * read on CPU 1 faults (the TLB entry went with it). */
    uint64_t root_hst = rt_sel_alloc(0), reader = rt_sel_alloc(0), reader_sc = rt_sel_alloc(0);
    nova_ctrl_pd(SEL_ROOT_NOVA_OBJ, SEL_ROOT_OBJ, SEL_NOVA_ROOT_HST, root_hst, 0, 0x1f, 0);
    aliased_page[0] = 1;
    s = nova_ctrl_pd(root_hst, root_hst, (uintptr_t)aliased_page >> 12, ALIAS_VPN, 0,
                     PERM_MEM_R | PERM_MEM_W, 0);
    check(s == STATUS_SUCCESS, "smp.alias_a_page", s);
    static const unsigned reader_events[][2] = {{HIP_SEL_HST_ARCH, 4}, {0x24, 3}};
    for (unsigned i = 0; i < 2; i++) {
        nova_create_pt(READER_EVT_BASE + reader_events[i][0], SEL_ROOT_PD, handler,
                       (uintptr_t)remote_handler_entry);
        nova_ctrl_pt(READER_EVT_BASE + reader_events[i][0], reader_events[i][1], MTD_EL2_ELR_SPSR);
    }
    s = nova_create_ec(reader, CREATE_EC_GLOBAL, SEL_ROOT_PD, READER_UTCB_VPN, 1, 0,
                       READER_EVT_BASE);
    check(s == STATUS_SUCCESS, "smp.create_reader_on_cpu1", s);
    nova_create_sc(reader_sc, SEL_ROOT_PD, reader, SCD(10, 2, 0));
    deadline = rt_stc_now() + rt_hip->stc_freq * 5;
    while (reader_reads < 1000 && rt_stc_now() < deadline)
        ;
    check(reader_reads >= 1000, "smp.reader_reads_the_alias_on_cpu1", reader_reads);
    s = nova_ctrl_pd(root_hst, root_hst, UNMAPPED_VPN, ALIAS_VPN, 0, 0x1f, 0);
    check(s == STATUS_SUCCESS, "smp.revoke_the_alias_from_cpu0", s);
    deadline = rt_stc_now() + rt_hip->stc_freq * 5;
    while (!reader_faults && rt_stc_now() < deadline)
        ;
    check(reader_faults == 1, "smp.revoked_mapping_faults_on_cpu1", reader_faults);
}

static void semaphore_timeout(uint64_t freq)
{
    uint64_t sm = rt_sel_alloc(0), start = rt_stc_now();
    check(nova_create_sm(sm, SEL_ROOT_PD, 1) == STATUS_SUCCESS, "create_sm", 0);
    check(nova_ctrl_sm(sm, CTRL_SM_DOWN, 0) == STATUS_SUCCESS, "ctrl_sm.down_with_count", 0);
    enum nova_status s = nova_ctrl_sm(sm, CTRL_SM_DOWN, start + freq / 100);
    uint64_t waited = rt_stc_now() - start;
    check(s == STATUS_TIMEOUT, "ctrl_sm.down_times_out", s);
    check(waited >= freq / 100, "ctrl_sm.timeout_waits_until_the_deadline", waited);
}

static uint64_t server_pd; /* the PD ipc_into_another_pd() makes, for later checks */

static void ipc_into_another_pd(void)
{
    uint64_t pd = rt_sel_alloc(2), obj = pd + 1, hst = pd + 2, root_hst = rt_sel_alloc(0);
    server_pd = pd;
    uint64_t ec = rt_sel_alloc(0), pt = rt_sel_alloc(0);
    check(nova_create_pd(pd, CREATE_PD_OP_PD, SEL_ROOT_PD) == STATUS_SUCCESS, "create_pd", 0);
    check(nova_create_pd(obj, CREATE_PD_OP_OBJ, pd) == STATUS_SUCCESS, "create_pd.obj", 0);
    check(nova_create_pd(hst, CREATE_PD_OP_HST, pd) == STATUS_SUCCESS, "create_pd.hst", 0);
    /* the server runs this image's code in its own PD */
    nova_ctrl_pd(SEL_ROOT_NOVA_OBJ, SEL_ROOT_OBJ, SEL_NOVA_ROOT_HST, root_hst, 0, 0x1f, 0);
    enum nova_status s =
        nova_ctrl_pd(root_hst, hst, IMAGE_VPN, IMAGE_VPN, IMAGE_ORDER, PERM_MEM_ALL, 0);
    check(s == STATUS_SUCCESS, "ctrl_pd.image_into_server_pd", s);
    s = nova_create_ec(ec, 0, pd, SERVER_UTCB_VPN, 0, 0, 0);
    check(s == STATUS_SUCCESS, "create_ec.local", s);
    s = nova_create_pt(pt, SEL_ROOT_PD, ec, (uintptr_t)server_entry);
    check(s == STATUS_SUCCESS, "create_pt", s);
    check(nova_ctrl_pt(pt, 0x77, 0) == STATUS_SUCCESS, "ctrl_pt", 0);

    uint64_t *utcb = (uint64_t *)(uintptr_t)NOVA_UTCB_HVA;
    for (unsigned i = 0; i < 8; i++)
        utcb[i] = i + 1;
    uint32_t mtd = 7;
    s = nova_ipc_call(pt, 0, &mtd);
    check(s == STATUS_SUCCESS, "ipc_call", s);
    check(mtd == 1, "ipc_call.reply_mtd", mtd);
    check(utcb[0] == 36, "ipc_call.server_summed_eight_words", utcb[0]);
    check(utcb[1] == 0x77, "ipc_call.server_saw_the_pid", utcb[1]);
    check(utcb[2] == 3, "ipc_call.words_beyond_the_reply_untouched", utcb[2]);
}

#define REGS_CALLEE_UTCB_VPN (SERVER_UTCB_VPN + 8)
#define REGS_CALLEE_SP0 UINT64_C(0x5eed0000aaaa0000)   /* create_ec's SP */
#define REGS_CALLEE_SP UINT64_C(0x5eed0000ca11ee00)    /* the SP it replies with */
#define REGS_CALLER_TPIDR UINT64_C(0x7e1d0000caffe001) /* as in ipc_regs.S */
#define REGS_CALLEE_TPIDR UINT64_C(0x7e1d0000ca11ee01)
#define REGS_CALLER_NZCV 0xa0000000u
#define REGS_REPLY_MTD 33u /* ipc_regs.S replies with bits 48..63 of X1 set too */

/* ipc_regs.S: X2..X30 of each side, what the caller had after its call, and
 * its SP before. */
uint64_t regs_caller_pattern[29] __attribute__((aligned(16)));
uint64_t regs_callee_pattern[29] __attribute__((aligned(16)));
uint64_t regs_after[34] __attribute__((aligned(16)));
uint64_t regs_sp_before, regs_saved_tpidr;
void regs_call(uint64_t id, uint64_t mtd);
void regs_callee_entry(void);

/* The first of words[0..n) that differs from want[i] (or from 0 if want is
 * NULL), as "index << 56 | low bits of the value"; 0 if none does. */
static uint64_t regs_first_mismatch(const uint64_t *words, const uint64_t *want, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (words[i] != (want ? want[i] : 0))
            return (uint64_t)(i + 2) << 56 | (words[i] & 0xffffffffffffffu);
    return 0;
}

/* docs/abi-choices.md, "Registers across IPC": the caller of ipc_call gets
 * back everything but X0 and X1 (32 bits of MTD); a callee enters with its
 * PID, the MTD, X2..X30 and NZCV zero and its own SP and TPIDR_EL0, and
 * sees nothing of the caller's. Three rounds: a first call (no slot
 * remembered yet), a second, and a third with FP open in the caller. */
static void ipc_registers_stay_with_their_ec(void)
{
    uint64_t ec = rt_sel_alloc(0), pt = rt_sel_alloc(0);
    volatile uint64_t *utcb = (volatile uint64_t *)(uintptr_t)NOVA_UTCB_HVA;
    for (unsigned i = 0; i < 29; i++) {
        regs_caller_pattern[i] = UINT64_C(0xc0ffee0000000000) | (i + 2);
        regs_callee_pattern[i] = UINT64_C(0xca11ee0000000000) | (i + 2);
    }
    enum nova_status s =
        nova_create_ec(ec, 0, server_pd, REGS_CALLEE_UTCB_VPN, 0, REGS_CALLEE_SP0, 0);
    check(s == STATUS_SUCCESS, "ipc_regs.create_ec_in_the_server_pd", s);
    s = nova_create_pt(pt, SEL_ROOT_PD, ec, (uintptr_t)regs_callee_entry);
    check(s == STATUS_SUCCESS &&
              nova_ctrl_pt(pt, (uint64_t)REGS_CALLEE_UTCB_VPN << 12, 0) == STATUS_SUCCESS,
          "ipc_regs.create_pt", s);

    uint64_t status = 0, mtd = 0, gprs = 0, nzcv = 0, tpidr = 0, sp = 0;
    uint64_t pid = 0, seen_mtd = 0, seen_gprs = 0, seen_nzcv = 0, seen_tpidr = 0, seen_sp = 0;
    for (unsigned round = 0; round < 3; round++) {
        if (round == 2)
            __asm__ volatile("fmov d31, xzr" ::: "v31");
        regs_call(nova_hc_id(HC_IPC_CALL, 0, pt), UINT64_C(0xdead000000000000));
        uint64_t words[34];
        for (unsigned i = 0; i < 34; i++)
            words[i] = utcb[i];
        status |= regs_after[0];
        mtd |= regs_after[1] ^ REGS_REPLY_MTD;
        gprs |= regs_first_mismatch(&regs_after[2], regs_caller_pattern, 29);
        nzcv |= regs_after[31] ^ REGS_CALLER_NZCV;
        tpidr |= regs_after[32] ^ REGS_CALLER_TPIDR;
        sp |= regs_after[33] ^ regs_sp_before;
        pid |= words[0] ^ ((uint64_t)REGS_CALLEE_UTCB_VPN << 12);
        seen_mtd |= words[1];
        seen_gprs |= regs_first_mismatch(&words[2], NULL, 29);
        seen_nzcv |= words[31];
        seen_tpidr |= words[32] ^ (round ? REGS_CALLEE_TPIDR : 0);
        seen_sp |= words[33] ^ (round ? REGS_CALLEE_SP : REGS_CALLEE_SP0);
    }
    check(status == STATUS_SUCCESS, "ipc_regs.caller_x0_is_success", status);
    check(mtd == 0, "ipc_regs.caller_x1_is_the_32_bit_reply_mtd", mtd);
    check(gprs == 0, "ipc_regs.caller_keeps_x2_to_x30", gprs);
    check(nzcv == 0, "ipc_regs.caller_keeps_nzcv", nzcv);
    check(tpidr == 0, "ipc_regs.caller_keeps_tpidr_el0", tpidr);
    check(sp == 0, "ipc_regs.caller_keeps_sp", sp);
    check(pid == 0, "ipc_regs.callee_x0_is_the_pid", pid);
    check(seen_mtd == 0, "ipc_regs.callee_x1_is_the_32_bit_call_mtd", seen_mtd);
    check(seen_gprs == 0, "ipc_regs.callee_sees_zero_x2_to_x30", seen_gprs);
    check(seen_nzcv == 0, "ipc_regs.callee_sees_zero_nzcv", seen_nzcv);
    check(seen_tpidr == 0, "ipc_regs.callee_keeps_its_own_tpidr_el0", seen_tpidr);
    check(seen_sp == 0, "ipc_regs.callee_keeps_its_sp_from_its_reply", seen_sp);
}

#define FP_CALLEE_UTCB_VPN (SERVER_UTCB_VPN + 7)
void fp_callee_entry(void);
/* A local EC with the F flag, PID = its UTCB: reports its D8 in word 0,
 * then takes word 1 as its new D8, and replies with one word. */
__asm__(".text\n fp_callee_entry: fmov x2, d8\n str x2, [x0]\n ldr x3, [x0, #8]\n"
        " fmov d8, x3\n mov x1, #0\n mov x0, #1\n svc #0\n");

/* Calls pt with word 1 = callee_d8 while the root's own D8 holds root_d8;
 * returns the callee's D8 from before the call, *after = the root's D8
 * after it. */
static uint64_t fp_call(uint64_t pt, uint64_t root_d8, uint64_t callee_d8, uint64_t *after)
{
    uint64_t *utcb = (uint64_t *)(uintptr_t)NOVA_UTCB_HVA;
    register uint64_t x0 __asm__("x0") = nova_hc_id(HC_IPC_CALL, 0, pt);
    register uint64_t x1 __asm__("x1") = 1; /* two words */
    utcb[1] = callee_d8;
    __asm__ volatile("fmov d8, %[in]\n svc #0\n fmov %[out], d8"
                     : "+r"(x0), "+r"(x1), [out] "=r"(*after)
                     : [in] "r"(root_d8)
                     : "d8", "memory");
    return utcb[0];
}

/* FP registers are switched lazily (docs/abi-choices.md): each EC with
 * the F flag must find its own values however the two interleave. */
static void fp_registers_follow_their_ec(void)
{
    uint64_t ec = rt_sel_alloc(0), pt = rt_sel_alloc(0), after = 0;
    enum nova_status s =
        nova_create_ec(ec, CREATE_EC_FPU, SEL_ROOT_PD, FP_CALLEE_UTCB_VPN, 0, 0, 0);
    check(s == STATUS_SUCCESS, "fp.create_ec_with_f_flag", s);
    s = nova_create_pt(pt, SEL_ROOT_PD, ec, (uintptr_t)fp_callee_entry);
    check(s == STATUS_SUCCESS &&
              nova_ctrl_pt(pt, (uint64_t)FP_CALLEE_UTCB_VPN << 12, 0) == STATUS_SUCCESS,
          "fp.create_pt", s);
    uint64_t seen = fp_call(pt, 0x1111, 0x2222, &after);
    check(seen == 0, "fp.new_ec_starts_with_zero_fp_registers", seen);
    check(after == 0x1111, "fp.caller_keeps_its_d8", after);
    seen = fp_call(pt, 0x3333, 0x4444, &after);
    check(seen == 0x2222, "fp.callee_keeps_its_d8_across_the_callers_use", seen);
    check(after == 0x3333, "fp.caller_keeps_its_d8_again", after);
}

static uint64_t proxy_smc(uint64_t id)
{
    register uint64_t x0 __asm__("x0") = id;
    __asm__ volatile("svc #1"
                     : "+r"(x0)
                     :
                     : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12",
                       "x13", "x14", "x15", "x16", "x17", "memory");
    return x0;
}

static void events_start_and_repair_a_global_ec(void)
{
    uint64_t handler = rt_sel_alloc(0), worker = rt_sel_alloc(0), sc = rt_sel_alloc(0);
    sel_done = rt_sel_alloc(0);
    check(nova_create_sm(sel_done, SEL_ROOT_PD, 0) == STATUS_SUCCESS, "create_sm.done", 0);
    enum nova_status s = nova_create_ec(handler, 0, SEL_ROOT_PD, HANDLER_UTCB_VPN, 0, 0, 0);
    check(s == STATUS_SUCCESS, "create_ec.handler", s);
    /* portals for STARTUP and BRK (spec 7.6), PID = the event number */
    static const unsigned events[] = {HIP_SEL_HST_ARCH, 0x3c, 0x07};
    for (unsigned i = 0; i < 3; i++) {
        s = nova_create_pt(EVT_BASE + events[i], SEL_ROOT_PD, handler, (uintptr_t)handler_entry);
        check(s == STATUS_SUCCESS, "create_pt.event", s);
        nova_ctrl_pt(EVT_BASE + events[i], events[i], MTD_EL2_ELR_SPSR);
    }
    s = nova_create_ec(worker, CREATE_EC_GLOBAL, SEL_ROOT_PD, WORKER_UTCB_VPN, 0, 0, EVT_BASE);
    check(s == STATUS_SUCCESS, "create_ec.global", s);
    s = nova_create_sc(sc, SEL_ROOT_PD, worker, SCD(10, 1, 0));
    check(s == STATUS_SUCCESS, "create_sc", s);
    /* the worker runs when the root blocks: STARTUP, brk, then up */
    s = nova_ctrl_sm(sel_done, CTRL_SM_DOWN, rt_stc_now() + rt_hip->stc_freq * 5);
    check(s == STATUS_SUCCESS, "event.startup_started_the_worker", s);
    check(worker_traps == 1, "event.brk_handled_and_skipped", worker_traps);
    check(worker_fp_traps == 1, "event.fp_use_without_f_flag_traps", worker_fp_traps);
    uint64_t used = 0;
    s = nova_ctrl_sc(sc, &used);
    check(s == STATUS_SUCCESS && used > 0, "ctrl_sc.worker_consumed_time", used);

    /* spec 7.9 proxy_smc: a listed service goes to firmware (QEMU has no
     * TRNG: NOT_SUPPORTED); an unlisted one (PSCI) is an SVC exception,
     * delivered to the root's own portal at SELEVT (0) + 0x15. */
    s = nova_create_pt(0x15, SEL_ROOT_PD, handler, (uintptr_t)handler_entry);
    nova_ctrl_pt(0x15, 0x15, MTD_GPR);
    check(proxy_smc(0x84000050) == UINT64_MAX, "proxy_smc.trng_version_not_supported", 0);
    uint64_t r = proxy_smc(0x84000000);
    check(r == 0x5ec, "proxy_smc.psci_is_an_svc_exception", r);
}

int main(const struct nova_hip *hip, uint64_t fdt, uint64_t x1, uint64_t manifest)
{
    (void)x1;
    (void)manifest;
    int status = rt_console_open(fdt, NULL);
    if (status != RT_EXIT_OK)
        return status;
    semaphore_timeout(hip->stc_freq);
    ipc_into_another_pd();
    ipc_registers_stay_with_their_ec();
    fp_registers_follow_their_ec();
    events_start_and_repair_a_global_ec();
    if (hip->cpu_num > 1)
        cross_cpu_wakeup();
    rt_printf("objects: done, %u checks, %u failed\n", checks, failures);
    return failures ? RT_EXIT_FAILURE : RT_EXIT_OK;
}
