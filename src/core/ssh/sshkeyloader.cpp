#include "sshkeyloader.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QFuture>
#include <QPromise>
#include <QThreadPool>

#include <QCoroFuture>

#include <algorithm>

namespace infrahub {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("SshSession", text);
}

SshKey own(ssh_key key) {
    return SshKey(key, [](ssh_key k) { ssh_key_free(k); });
}

// Runs on a pool thread. Touches no session: libssh's key functions are safe to use from any thread.
LoadedSshKey importPrivateKey(const QString &path, QByteArray passphrase) {
    LoadedSshKey loaded;
    if (!QFileInfo(path).isFile()) {
        loaded.error = tr("%1 does not exist").arg(path);
        return loaded;
    }
    const QByteArray file = QFile::encodeName(path);
    ssh_key key = nullptr;
    const int rc =
        ssh_pki_import_privkey_file(file.constData(), passphrase.isEmpty() ? nullptr : passphrase.constData(),
                                    refusePassphrasePrompt, nullptr, &key);
    std::fill(passphrase.begin(), passphrase.end(), '\0'); // do not leave our copy lying in freed memory
    if (rc == SSH_OK && key != nullptr) {
        loaded.key = own(key);
        return loaded;
    }
    loaded.error = passphrase.isEmpty() ? tr("%1 could not be read (it may need a passphrase)").arg(path)
                                        : tr("%1 could not be read (wrong passphrase?)").arg(path);
    return loaded;
}

} // namespace

int refusePassphrasePrompt(const char *, char *, size_t, int, int, void *) {
    return SSH_ERROR;
}

SshKey loadPublicKeyBeside(const QString &privateKeyPath) {
    const QByteArray file = QFile::encodeName(privateKeyPath + QLatin1String(".pub"));
    ssh_key key = nullptr;
    if (!QFileInfo(QFile::decodeName(file)).isFile() ||
        ssh_pki_import_pubkey_file(file.constData(), &key) != SSH_OK)
        return {};
    return own(key);
}

QCoro::Task<LoadedSshKey> loadPrivateKey(QString path, QString passphrase) {
    auto promise = std::make_shared<QPromise<LoadedSshKey>>();
    QFuture<LoadedSshKey> future = promise->future();
    promise->start();
    QThreadPool::globalInstance()->start([promise, path, secret = passphrase.toUtf8()]() mutable {
        promise->addResult(importPrivateKey(path, std::move(secret)));
        promise->finish();
    });
    LoadedSshKey loaded = co_await future;
    co_return loaded;
}

SshKey publicKeyOf(const SshKey &privateKey) {
    ssh_key key = nullptr;
    if (!privateKey || ssh_pki_export_privkey_to_pubkey(privateKey.get(), &key) != SSH_OK)
        return {};
    return own(key);
}

} // namespace infrahub
