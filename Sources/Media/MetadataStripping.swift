/// A push filter that removes metadata from a picture as it streams past: the upload path holds
/// one of these per file, whatever the kind (JPEG, PNG, WebP, HEIC/HEIF).
public protocol MetadataStripping {
    /// Feeds the next bytes; what is kept goes to `emit`, in order.
    mutating func feed(_ bytes: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) -> Void) throws
    /// Checks the file ended where it may.
    func finish() throws
}

extension JPEGMetadataStripper: MetadataStripping {}
extension ChunkMetadataStripper: MetadataStripping {}
extension HEIFMetadataBlanker: MetadataStripping {}
