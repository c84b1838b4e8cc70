/* The payload of a combined image (like OpenSBI's FW_PAYLOAD): the raw binary named by
 * PAYLOAD_BIN (a quoted path, from the build), placed at 0x8020_0000 by link.ld. */
    .section .payload, "ax", @progbits
    .globl __payload_start
__payload_start:
    .incbin PAYLOAD_BIN
