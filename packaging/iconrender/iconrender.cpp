// iconrender: a build-time tool that draws the application's SVG icon at the sizes each platform's
// menus and shells look for, so no rendered picture is ever committed:
//   OUTDIR/hicolor/NxN/apps/NAME.png   for the freedesktop icon theme (Linux menus)
//   OUTDIR/NAME.ico                    for the Windows executable's resource and the installer
//   OUTDIR/NAME.icns                   for the macOS app bundle
// Both container formats hold PNG images, which Windows (since Vista) and macOS (since 10.7) read.
//
//   iconrender ICON.svg OUTDIR NAME
#include <QBuffer>
#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <QtEndian>

#include <cstdio>
#include <map>
#include <utility>
#include <vector>

namespace {

constexpr int kThemeSizes[] = {16, 22, 24, 32, 48, 64, 128, 256, 512};
constexpr int kIcoSizes[] = {16, 24, 32, 48, 64, 128, 256};
// ICNS element types that carry PNG data, with the pixel size each holds ("@2x" types hold double).
const std::pair<const char *, int> kIcnsTypes[] = {
    {"icp4", 16}, {"icp5", 32}, {"icp6", 64},  {"ic07", 128}, {"ic08", 256},  {"ic09", 512},
    {"ic11", 32}, {"ic12", 64}, {"ic13", 256}, {"ic14", 512}, {"ic10", 1024},
};

QByteArray renderPng(QSvgRenderer &svg, int size) {
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    svg.render(&painter, QRectF(0, 0, size, size));
    painter.end();
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return png;
}

template <typename T> void appendLittle(QByteArray &out, T value) {
    const T little = qToLittleEndian(value);
    out.append(reinterpret_cast<const char *>(&little), sizeof little);
}

template <typename T> void appendBig(QByteArray &out, T value) {
    const T big = qToBigEndian(value);
    out.append(reinterpret_cast<const char *>(&big), sizeof big);
}

// ICO: a 6-byte header, one 16-byte directory entry per image, then the images (here PNG files).
QByteArray icoFile(const std::vector<std::pair<int, QByteArray>> &images) {
    QByteArray out;
    appendLittle<quint16>(out, 0);
    appendLittle<quint16>(out, 1); // 1 = icon
    appendLittle<quint16>(out, quint16(images.size()));
    quint32 offset = 6 + 16 * quint32(images.size());
    for (const auto &[size, png] : images) {
        out.append(char(size >= 256 ? 0 : size)); // 0 means 256
        out.append(char(size >= 256 ? 0 : size));
        out.append(char(0)); // no palette
        out.append(char(0));
        appendLittle<quint16>(out, 1);  // colour planes
        appendLittle<quint16>(out, 32); // bits per pixel
        appendLittle<quint32>(out, quint32(png.size()));
        appendLittle<quint32>(out, offset);
        offset += quint32(png.size());
    }
    for (const auto &image : images)
        out.append(image.second);
    return out;
}

// ICNS: "icns" and the file's length, then elements of a 4-character type, their length and the data.
QByteArray icnsFile(const std::vector<std::pair<QByteArray, QByteArray>> &elements) {
    QByteArray body;
    for (const auto &[type, png] : elements) {
        body.append(type);
        appendBig<quint32>(body, quint32(8 + png.size()));
        body.append(png);
    }
    QByteArray out("icns");
    appendBig<quint32>(out, quint32(8 + body.size()));
    return out + body;
}

bool writeFile(const QString &path, const QByteArray &data) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size()) {
        std::fprintf(stderr, "iconrender: cannot write %s\n", qPrintable(path));
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char *argv[]) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: iconrender ICON.svg OUTDIR NAME\n");
        return 2;
    }
    QSvgRenderer svg(QString::fromLocal8Bit(argv[1]));
    if (!svg.isValid()) {
        std::fprintf(stderr, "iconrender: %s is not a readable SVG\n", argv[1]);
        return 1;
    }
    const QString outDir = QString::fromLocal8Bit(argv[2]);
    const QString name = QString::fromLocal8Bit(argv[3]);

    std::map<int, QByteArray> rendered; // each size drawn once
    auto png = [&](int size) {
        auto it = rendered.find(size);
        if (it == rendered.end())
            it = rendered.emplace(size, renderPng(svg, size)).first;
        return it->second;
    };

    for (const int size : kThemeSizes) {
        const QString path = QStringLiteral("%1/hicolor/%2x%2/apps/%3.png").arg(outDir).arg(size).arg(name);
        if (!writeFile(path, png(size)))
            return 1;
    }
    std::vector<std::pair<int, QByteArray>> ico;
    for (const int size : kIcoSizes)
        ico.emplace_back(size, png(size));
    std::vector<std::pair<QByteArray, QByteArray>> icns;
    for (const auto &[type, size] : kIcnsTypes)
        icns.emplace_back(QByteArray(type), png(size));
    if (!writeFile(QStringLiteral("%1/%2.ico").arg(outDir, name), icoFile(ico)) ||
        !writeFile(QStringLiteral("%1/%2.icns").arg(outDir, name), icnsFile(icns)))
        return 1;
    return 0;
}
