#include "schemapath.h"

#include "schemaerror.h"

namespace infrahub::sandbox {

QStringList allowedPathProperties(const QString &attributeKind) {
    if (attributeKind == u"IPNetwork")
        return {QStringLiteral("value"), QStringLiteral("version"), QStringLiteral("binary_address"),
                QStringLiteral("prefixlen")};
    if (attributeKind == u"IPHost")
        return {QStringLiteral("value"), QStringLiteral("version"), QStringLiteral("binary_address")};
    return {QStringLiteral("value")};
}

std::optional<SchemaPath> parseSchemaPath(const KindDefinition &kind, const QString &path,
                                          const SchemaBranch *branch, QString *error) {
    auto failed = [error](const QString &message) -> std::optional<SchemaPath> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    SchemaPath result;
    const QStringList parts = path.split(QStringLiteral("__"));
    QString attributePiece;
    QString propertyPiece;
    if (const RelationshipDefinition *rel = kind.relationship(parts.first())) {
        result.relationship = rel;
        attributePiece = parts.value(1);
        propertyPiece = parts.value(2);
        result.related = branch ? branch->find(rel->peer) : nullptr;
        if (!result.related)
            return failed(QStringLiteral("%1 is invalid on schema %2").arg(path, kind.kind));
    } else if (kind.attribute(parts.first())) {
        attributePiece = parts.first();
        propertyPiece = parts.value(1);
    } else {
        return failed(QStringLiteral("%1 is invalid on schema %2").arg(path, kind.kind));
    }

    if (!attributePiece.isEmpty()) {
        const KindDefinition &target = result.related ? *result.related : kind;
        result.attribute = target.attribute(attributePiece);
        if (!result.attribute)
            return failed(
                QStringLiteral("%1 is not a valid attribute of %2").arg(attributePiece, target.kind));
        if (!propertyPiece.isEmpty()) {
            if (!allowedPathProperties(result.attribute->kind).contains(propertyPiece))
                return failed(QStringLiteral("%1 is not a valid property of %2")
                                  .arg(propertyPiece, result.attribute->name));
            result.property = propertyPiece;
        }
    }
    return result;
}

SchemaPath validateSchemaPath(const KindDefinition &kind, const QString &path, unsigned allowed,
                              const QString &elementName, const SchemaBranch &branch) {
    using namespace SchemaPathType;
    const QString header = elementName.isEmpty() ? kind.kind : kind.kind + u'.' + elementName;
    auto fail = [&](const QString &message) {
        throwSchemaError(kind.location, header + u": " + message);
    };

    QString parseError;
    const std::optional<SchemaPath> parsed = parseSchemaPath(kind, path, &branch, &parseError);
    if (!parsed)
        fail(parseError);
    const SchemaPath &p = *parsed;

    if (!(allowed & Attr) && p.isAttribute())
        fail(QStringLiteral("this property only supports relationships not attributes"));
    if (!(allowed & Rel) && p.isRelationship())
        fail(QStringLiteral("this property only supports attributes, not relationships"));
    if (!(allowed & AttrNoProp) && p.isAttribute()) {
        const QStringList properties = allowedPathProperties(p.attribute->kind);
        if (!properties.contains(p.property))
            fail(QStringLiteral(
                     "invalid attribute, it must end with one of the following properties: %1. (`%2`)")
                     .arg(properties.join(QStringLiteral(", ")), path));
    }
    if (p.isRelationship()) {
        const RelationshipDefinition &rel = *p.relationship;
        if (rel.cardinality == u"one") {
            if (!(allowed & RelOne))
                fail(QStringLiteral(
                         "cannot use %1 relationship, relationship must be of cardinality many. (`%2`)")
                         .arg(rel.name, path));
            // IP addresses and prefixes are identified within their namespace, which is optional in the
            // schema because the server fills in the default namespace.
            const bool ipNamespace = rel.name == u"ip_namespace" && kind.isNode() &&
                                     (kind.inheritFrom.contains(QStringLiteral("BuiltinIPAddress")) ||
                                      kind.inheritFrom.contains(QStringLiteral("BuiltinIPPrefix")));
            if (!(allowed & RelOneOptional) && rel.optional && !ipNamespace)
                fail(QStringLiteral("cannot use %1 relationship, relationship must be mandatory. (`%2`)")
                         .arg(rel.name, path));
        }
        if (rel.cardinality == u"many" && !(allowed & RelMany))
            fail(QStringLiteral("cannot use %1 relationship, relationship must be of cardinality one (`%2`)")
                     .arg(rel.name, path));
        if (p.hasProperty() && !(allowed & RelAttr))
            fail(QStringLiteral("cannot use attributes of related node, only the relationship. (`%1`)")
                     .arg(path));
        if (!p.hasProperty() && !(allowed & RelsNoAttr))
            fail(QStringLiteral("Must use attributes of related node. (`%1`)").arg(path));
    }
    return p;
}

} // namespace infrahub::sandbox
