/* The paging guest's user address space and system calls, shared by the kernel (paging.c)
 * and the U-mode task (user_task.c). */
#ifndef PAGING_H
#define PAGING_H

#define USER_TEXT_VA   0x40000000UL  /* where lib/link.ld links the .user sections */
#define USER_RO_VA     0x40200000UL  /* one read-only page, copied on the first write */
#define USER_DATA_VA   0x40400000UL  /* demand-zero pages */
#define USER_DATA_PAGES 16
#define USER_STACK_TOP 0x40800000UL  /* one pre-mapped page below it */
#define USER_WILD_VA   0x50000000UL  /* belongs to no region: touching it kills the task */

#define RO_PAGE_MAGIC  0x600dUL

#define SYS_EXIT 0   /* a0 = status */
#define SYS_PUTS 1   /* a0 = user address of a NUL-terminated string */

void user_main(void);
void user_wild(void);

#endif
