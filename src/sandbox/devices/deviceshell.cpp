#include "deviceshell.h"

#include <QRandomGenerator>

#include <algorithm>

namespace infrahub::sandbox {

namespace {

// Binary junk: control characters, NULs, broken escape sequences and invalid UTF-8, without any line
// that could pass for output.
QByteArray garbage() {
    QByteArray junk(1536, '\0');
    QRandomGenerator *random = QRandomGenerator::global();
    for (char &c : junk)
        c = char(random->bounded(256));
    junk.replace(0, 4, "\x1b[?\xff");
    junk.append("\x00\xfe\x1b]0;\x07", 6);
    return junk;
}

} // namespace

DeviceShell::DeviceShell(ChannelIo &io, std::shared_ptr<DeviceState> device, QString user)
    : m_io(io)
    , m_device(device)
    , m_cli(std::move(device), std::move(user)) {}

void DeviceShell::setTerminal(bool pty, int rows) {
    m_pty = pty;
    m_cli.setTerminalHeight(rows);
}

QByteArray DeviceShell::eol() const {
    // Devices end lines with CR LF on a terminal; exec output without a pty gets plain LF, so
    // `ssh dev 'show run' > file` gives an ordinary text file.
    return m_interactive || m_pty ? QByteArrayLiteral("\r\n") : QByteArrayLiteral("\n");
}

std::optional<char> DeviceShell::nextByte(int timeoutMs) {
    for (;;) {
        const std::optional<char> byte = m_io.readByte(timeoutMs);
        if (!byte)
            return std::nullopt;
        const bool skip = m_lastWasCr && *byte == '\n';
        m_lastWasCr = *byte == '\r';
        if (!skip)
            return byte;
    }
}

std::optional<QString> DeviceShell::readLine() {
    QByteArray line;
    for (;;) {
        const std::optional<char> byte = nextByte(-1);
        if (!byte)
            return std::nullopt;
        const char c = *byte;
        if (c == '\r' || c == '\n') {
            if (m_pty)
                m_io.write(eol());
            return QString::fromUtf8(line);
        }
        if (c == 0x03) { // Ctrl-C abandons the line
            if (m_pty)
                m_io.write("^C" + eol());
            return QString();
        }
        if (c == 0x7f || c == 0x08) { // backspace
            if (!line.isEmpty()) {
                line.chop(1);
                if (m_pty)
                    m_io.write("\b \b");
            }
            continue;
        }
        if (quint8(c) < 0x20 && c != '\t')
            continue; // other control keys do nothing here
        line.append(c);
        if (m_pty)
            m_io.write(QByteArray(1, c)); // a device echoes what is typed; the client's pty is raw
    }
}

void DeviceShell::runInteractive() {
    m_interactive = true;
    const DeviceDescription d = m_device->description();
    const QByteArray crlf = eol();
    QByteArray banner;
    for (const QString &line :
         m_cli.platform().loginBanner(d.version.isEmpty() ? m_cli.platform().defaultVersion() : d.version))
        banner += line.toUtf8() + crlf;
    m_io.write(banner);
    for (;;) {
        const QString prompt = m_cli.prompt();
        // Junos leaves a blank line between an answer and the next prompt.
        if (!m_io.write((m_cli.platform().isJunos() ? crlf : QByteArray()) + prompt.toUtf8()))
            return;
        const std::optional<QString> line = readLine();
        if (!line) {
            // The client closed its input (or went away): a device ends the session.
            if (m_io.isOpen())
                m_io.finish(0);
            return;
        }
        const CliAnswer answer = m_cli.run(*line, int(prompt.size()));
        if (!deliver(answer))
            return;
        if (answer.endsSession) {
            m_io.finish(0);
            return;
        }
    }
}

void DeviceShell::runExec(const QString &command) {
    m_interactive = false;
    int status = 0;
    for (const QString &line : command.split(QLatin1Char('\n'))) {
        if (line.trimmed().isEmpty())
            continue;
        const CliAnswer answer = m_cli.run(line);
        if (answer.isError)
            status = 1;
        if (!deliver(answer))
            return;
        if (answer.endsSession)
            break;
    }
    m_io.finish(status);
}

bool DeviceShell::deliver(const CliAnswer &answer) {
    int lineDelayMs = 0;
    if (answer.isShow) {
        const DeviceFaults faults = m_device->faults();
        lineDelayMs = faults.lineDelayMs;
        const QStringList firstHalf = answer.lines.mid(0, answer.lines.size() / 2);
        switch (faults.output) {
        case DeviceFaults::Output::Normal:
            break;
        case DeviceFaults::Output::Hang:
            waitUntilClosed();
            return false;
        case DeviceFaults::Output::Garbage:
            m_io.write(garbage());
            if (m_interactive)
                waitUntilClosed(); // no prompt ever comes back
            else
                m_io.finish(0);
            return false;
        case DeviceFaults::Output::Disconnect:
            if (writeLines(firstHalf, lineDelayMs, false))
                m_io.dropConnection();
            return false;
        case DeviceFaults::Output::Truncate:
            if (writeLines(firstHalf, lineDelayMs, false))
                m_io.finish(0);
            return false;
        }
    }
    const bool paged = m_interactive && !answer.noMore && m_cli.pageLength() > 0;
    if (!writeLines(answer.lines, lineDelayMs, paged))
        return false;
    return m_io.isOpen();
}

bool DeviceShell::writeLines(const QStringList &lines, int lineDelayMs, bool paged) {
    const QByteArray end = eol();
    // The pager line takes the last row of the screen.
    const qsizetype perPage = paged ? std::max(1, m_cli.pageLength() - 1) : lines.size();
    const QByteArray pager = m_cli.platform().pagerPrompt();
    qsizetype shownOnScreen = 0;
    qsizetype i = 0;
    while (i < lines.size()) {
        // One write per screenful, or per line when the device is slow.
        QByteArray chunk;
        const qsizetype chunkEnd =
            lineDelayMs > 0 ? i + 1 : std::min(lines.size(), i + perPage - shownOnScreen);
        for (; i < chunkEnd; ++i, ++shownOnScreen)
            chunk += lines.at(i).toUtf8() + end;
        if (lineDelayMs > 0) {
            m_io.pause(lineDelayMs);
            if (!m_io.isOpen())
                return false;
        }
        if (!m_io.write(chunk))
            return false;
        if (!paged || shownOnScreen < perPage || i >= lines.size())
            continue;
        if (!m_io.write(pager))
            return false;
        const std::optional<char> key = nextByte(-1);
        // Erase the pager prompt as the real ones do, with backspaces.
        const QByteArray back(pager.size(), '\b');
        m_io.write(back + QByteArray(pager.size(), ' ') + back);
        if (!key) {
            if (m_io.isOpen())
                m_io.finish(0); // the client closed its input at the pager: the session ends
            return false;
        }
        if (*key == ' ')
            shownOnScreen = 0; // next screen
        else if (*key == '\r' || *key == '\n')
            shownOnScreen = perPage - 1; // one more line
        else
            return true; // q (or any other key) ends the listing
    }
    return true;
}

void DeviceShell::waitUntilClosed() {
    while (m_io.isOpen())
        m_io.pause(200);
}

} // namespace infrahub::sandbox
