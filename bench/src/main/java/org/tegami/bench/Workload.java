package org.tegami.bench;

/** One benchmark: what it does to a server, and the figures it reports. */
interface Workload {

    /** The name used on the command line and in reports, with its size, e.g. {@code steady-10}. */
    String name();

    Figures run(Target target, ClientTransport transport) throws InterruptedException;
}
